package dev.berth.registry.ipfs.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.RepositoryName;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RemoteNameTest {
    private static final String CID = "bafybeifs4dehd4xkdgklnwrxqqk2xd5t2fwkciggib7hvtk5c3wuo6lxia";
    private static final String KEY = "k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8";

    @Test
    void localNamesAreNotRemote() {
        assertThat(RemoteName.parse(new RepositoryName("library/alpine"))).isEmpty();
        assertThat(RemoteName.parse(new RepositoryName("ipfsx/alpine"))).isEmpty();
    }

    @Test
    void aCidWithAndWithoutARepositoryInside() {
        RemoteName withRepository = RemoteName.parse(new RepositoryName("ipfs/" + CID + "/library/alpine")).orElseThrow();
        assertThat(withRepository.path()).isEqualTo("/ipfs/" + CID);
        assertThat(withRepository.repository()).contains(new RepositoryName("library/alpine"));
        assertThat(RemoteName.parse(new RepositoryName("ipfs/" + CID)).orElseThrow().repository()).isEmpty();
    }

    @Test
    void ipnsTakesKeysAndDomains() {
        RemoteName key = RemoteName.parse(new RepositoryName("ipns/" + KEY + "/app")).orElseThrow();
        assertThat(key.isDomain()).isFalse();
        assertThat(key.path()).isEqualTo("/ipns/" + KEY);
        RemoteName domain = RemoteName.parse(new RepositoryName("ipns/registry.example.com/team/app")).orElseThrow();
        assertThat(domain.isDomain()).isTrue();
        assertThat(domain.repository()).contains(new RepositoryName("team/app"));
        assertThat(domain).hasToString("ipns/registry.example.com/team/app");
    }

    @Test
    void malformedRootsAreNameInvalid() {
        for (String bad : new String[] {"ipfs/notacid/app", "ipfs/QmLowercaseIsNotCidV0", "ipns/nodots/app", "ipfs"}) {
            assertThatThrownBy(() -> RemoteName.parse(new RepositoryName(bad.toLowerCase(java.util.Locale.ROOT))))
                    .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_INVALID));
        }
    }

    @Test
    void dnsLinkRecordsGiveTheTreeAndTheHintsAndIgnoreTheRest() {
        DnsLinks.Records records = DnsLinks.Records.of(java.util.List.of("v=spf1 -all", "dnslink=/ipfs/" + CID,
                "ipfsnode=/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWPeer", "ipfsnode=/ip4/127.0.0.1/tcp/4001", "dnslink=ftp://elsewhere"));
        assertThat(records.path()).isEqualTo(Optional.of("/ipfs/" + CID));
        assertThat(records.peerHints()).containsExactly("/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWPeer");
        assertThat(DnsLinks.Records.of(java.util.List.of("dnslink=/ipns/" + KEY)).path()).contains("/ipns/" + KEY);
    }

    @Test
    void peerHintsAreAcceptedOnlyFromAllowListedDomainsAndTheirSubdomains() {
        RemoteProperties properties = new RemoteProperties(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(1), java.util.List.of("example.com"), false);
        assertThat(properties.acceptsHintsFrom("example.com")).isTrue();
        assertThat(properties.acceptsHintsFrom("registry.example.com")).isTrue();
        assertThat(properties.acceptsHintsFrom("badexample.com")).isFalse();
        assertThat(properties.acceptsHintsFrom("example.org")).isFalse();
    }
}
