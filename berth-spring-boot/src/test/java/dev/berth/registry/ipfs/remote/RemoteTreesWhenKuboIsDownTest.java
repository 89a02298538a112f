package dev.berth.registry.ipfs.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.storage.ipfs.kubo.KuboClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** This node's Kubo being down is an outage (503), whatever was asked, and no answer says where Kubo is. */
class RemoteTreesWhenKuboIsDownTest {
    private static final String CID = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";

    @Test
    void everyRemoteNameIsUnavailableAndNoAnswerNamesKubosAddress() throws Exception {
        URI api;
        try (ServerSocket closed = new ServerSocket(0)) {
            api = URI.create("http://127.0.0.1:" + closed.getLocalPort());
        }
        Duration timeout = Duration.ofSeconds(2);
        KuboClient kubo = KuboClient.builder().api(api).timeout(timeout).connectTimeout(timeout).build();
        RemoteProperties properties = new RemoteProperties(timeout, Duration.ofSeconds(60), timeout, List.of(), false);
        try (RemoteTrees trees = new RemoteTrees(kubo, new PeerDialer(KuboClient.builder().api(api).build()),
                new DnsLinks(Optional.empty(), timeout), properties, List.of(), new SimpleMeterRegistry())) {
            for (String name : List.of("ipfs/" + CID + "/library/app", "ipfs/" + CID, "ipns/k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8")) {
                RegistryException e = catchThrowableOfType(RegistryException.class,
                        () -> trees.locate(RemoteName.parse(new RepositoryName(name)).orElseThrow()));
                assertThat(e.code()).as(name).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(e.getMessage() + " " + e.detail()).doesNotContain(Integer.toString(api.getPort())).doesNotContain("127.0.0.1")
                        .doesNotContain("Exception").doesNotContain("api/v0");
            }
        }
    }
}
