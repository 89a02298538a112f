package dev.berth.registry.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.mirror.upstream.UpstreamProperties.Upstream;
import java.net.URI;
import org.junit.jupiter.api.Test;

class MirrorTargetTest {
    private static final Upstream HUB = Upstream.of("docker.io", URI.create("https://registry-1.docker.io"));

    @Test
    void dockerHubsOfficialImagesLiveUnderLibrary() {
        assertThat(MirrorTarget.of(HUB, "alpine").remote().value()).isEqualTo("library/alpine");
        assertThat(MirrorTarget.of(HUB, "alpine").cache().value()).isEqualTo("docker.io/library/alpine");
        assertThat(MirrorTarget.of(HUB, "library/alpine")).isEqualTo(MirrorTarget.of(HUB, "alpine"));
        assertThat(MirrorTarget.of(HUB, "bitnami/redis").cache().value()).isEqualTo("docker.io/bitnami/redis");
    }

    @Test
    void otherUpstreamsKeepTheNameAndAPortBecomesAnUnderscore() {
        Upstream ghcr = Upstream.of("ghcr.io", URI.create("https://ghcr.io"));
        assertThat(MirrorTarget.of(ghcr, "alpine").cache().value()).isEqualTo("ghcr.io/alpine");
        Upstream withPort = Upstream.of("registry.example:5000", URI.create("https://registry.example:5000"));
        assertThat(MirrorTarget.of(withPort, "team/app").cache().value()).isEqualTo("registry.example_5000/team/app");
    }

    @Test
    void theUpstreamsGlobsSeeTheNameAtTheUpstream() {
        Upstream official = new Upstream("docker.io", URI.create("https://registry-1.docker.io"), null, null,
                java.util.List.of("library/*"), null, null, null, null, null, false);
        assertThat(MirrorTarget.of(official, "alpine").mirrored()).isTrue();
        assertThat(MirrorTarget.of(official, "bitnami/redis").mirrored()).isFalse();
    }
}
