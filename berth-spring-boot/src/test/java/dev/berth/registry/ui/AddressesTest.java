package dev.berth.registry.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.ipfs.Cid;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the UI names things: its own addresses, what people paste as a remote tree, pull commands and the formats pages use. */
class AddressesTest {
    private static final String CID_V1 = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
    private static final String CID_V0 = "QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n";
    private static final Digest DIGEST = Digest.parse("sha256:" + "ab".repeat(32));

    @Test
    void imageAddressesReadBackAsTheyAreWritten() {
        RepositoryName name = new RepositoryName("library/alpine");
        assertThat(UiPaths.image(name, new Tag("3.20"))).isEqualTo("/images/library/alpine:3.20");
        assertThat(UiPaths.ImageAddress.parse("/library/alpine:3.20")).isEqualTo(new UiPaths.ImageAddress(name, new Tag("3.20")));
        assertThat(UiPaths.ImageAddress.parse(UiPaths.image(name, DIGEST).substring("/images".length())))
                .isEqualTo(new UiPaths.ImageAddress(name, DIGEST));
        assertThatThrownBy(() -> UiPaths.ImageAddress.parse("/library/alpine"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_INVALID));
    }

    @Test
    void pastedCidsNamesAndDomainsBecomeRemoteRepositoryNames() {
        assertThat(RemoteAddress.parse(CID_V1).value()).isEqualTo("ipfs/" + CID_V1);
        assertThat(RemoteAddress.parse(" /ipfs/" + CID_V0 + "/library/alpine ").value())
                .isEqualTo("ipfs/" + Cid.parse(CID_V0) + "/library/alpine").startsWith("ipfs/bafy");
        assertThat(RemoteAddress.parse("ipfs://" + CID_V1 + "/").value()).isEqualTo("ipfs/" + CID_V1);
        String key = "k51qzi5uqu5dhc264kf39ew7rvsnupmqon1cotn0vglk0lmclcdquegcvqlfx9";
        assertThat(RemoteAddress.parse(key).value()).isEqualTo("ipns/" + key);
        assertThat(RemoteAddress.parse("Registry.Example.com/team/app").value()).isEqualTo("ipns/registry.example.com/team/app");
        assertThatThrownBy(() -> RemoteAddress.parse("not-a-cid")).isInstanceOf(RegistryException.class);
        assertThatThrownBy(() -> RemoteAddress.parse("")).isInstanceOf(RegistryException.class);
    }

    @Test
    void pullCommandsNameTheImageAndItsCid() {
        var commands = PullCommands.of("registry.example.com:5000", new RepositoryName("team/app"), new Tag("v1"), Optional.of(CID_V1));
        assertThat(commands).extracting(PullCommands.Command::line).containsExactly(
                "docker pull registry.example.com:5000/team/app:v1",
                "podman pull registry.example.com:5000/team/app:v1",
                "nerdctl pull registry.example.com:5000/team/app:v1",
                "crane pull registry.example.com:5000/team/app:v1 app.tar",
                "docker pull registry.example.com:5000/ipfs/" + CID_V1 + ":v1",
                "podman pull registry.example.com:5000/ipfs/" + CID_V1 + ":v1",
                "nerdctl pull registry.example.com:5000/ipfs/" + CID_V1 + ":v1",
                "crane pull registry.example.com:5000/ipfs/" + CID_V1 + ":v1 image.tar");
        assertThat(PullCommands.of("h", new RepositoryName("a"), DIGEST, Optional.empty()).getFirst().line()).isEqualTo("docker pull h/a@" + DIGEST);
    }

    @Test
    void sizesTimesAndDurationsReadLikeTheToolsPrintThem() {
        Formats formats = new Formats(Clock.fixed(Instant.parse("2026-05-01T12:00:00Z"), ZoneOffset.UTC));
        assertThat(formats.size(999)).isEqualTo("999 B");
        assertThat(formats.size(3_456_789)).isEqualTo("3.46 MB");
        assertThat(formats.size(123_456_789_012L)).isEqualTo("123 GB");
        assertThat(formats.ago(Instant.parse("2026-05-01T11:59:30Z"))).isEqualTo("just now");
        assertThat(formats.ago(Instant.parse("2026-05-01T11:00:00Z"))).isEqualTo("1 hour ago");
        assertThat(formats.ago(Instant.parse("2026-04-28T12:00:00Z"))).isEqualTo("3 days ago");
        assertThat(formats.time(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02 03:04 UTC");
        assertThat(formats.duration(Duration.ofHours(24))).isEqualTo("24h");
        assertThat(formats.duration(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(formats.shortDigest(DIGEST.toString())).isEqualTo("sha256:abababababab");
    }
}
