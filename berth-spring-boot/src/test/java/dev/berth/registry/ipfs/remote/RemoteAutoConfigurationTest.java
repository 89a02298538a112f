package dev.berth.registry.ipfs.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.config.RegistryAutoConfiguration;
import dev.berth.registry.config.StorageAutoConfiguration;
import dev.berth.registry.ipfs.IpfsAutoConfiguration;
import dev.berth.registry.ipfs.IpfsStorageProperties;
import dev.berth.registry.repository.RepositoryLocator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** Pulls from IPFS trees are configured with the IPFS driver only; their properties bind. */
class RemoteAutoConfigurationTest {
    private final WebApplicationContextRunner web = new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(
            JacksonAutoConfiguration.class, StorageAutoConfiguration.class, IpfsAutoConfiguration.class, RegistryAutoConfiguration.class,
            RemoteAutoConfiguration.class));

    @Test
    void withoutTheIpfsDriverThereAreNoRemoteTreesButRepositoriesAreStillLocated() {
        web.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(RepositoryLocator.class);
            assertThat(context).doesNotHaveBean(RemoteTrees.class).doesNotHaveBean(PeerDialer.class).doesNotHaveBean(DnsLinks.class);
        });
    }

    @Test
    void theIpfsDriverBringsRemoteTreesWithTheirProperties() {
        web.withPropertyValues("berth.storage.driver=ipfs", "berth.storage.ipfs.api=http://127.0.0.1:1",
                        "berth.storage.ipfs.peers=/ip4/127.0.0.1/tcp/1/p2p/12D3KooWPeer", "berth.remote.timeout=3s",
                        "berth.remote.peer-hint-domains=example.com,example.org", "berth.dns.resolver=127.0.0.1:5353")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(RemoteTrees.class).hasSingleBean(PeerDialer.class)
                            .hasSingleBean(DnsLinks.class);
                    RemoteProperties remote = context.getBean(RemoteProperties.class);
                    assertThat(remote.timeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(remote.resolutionTtl()).isEqualTo(Duration.ofSeconds(60));
                    assertThat(remote.peerHintDomains()).containsExactly("example.com", "example.org");
                    assertThat(context.getBean(DnsProperties.class).resolver()).isEqualTo("127.0.0.1:5353");
                    assertThat(context.getBean(IpfsStorageProperties.class).peers())
                            .isEqualTo(List.of("/ip4/127.0.0.1/tcp/1/p2p/12D3KooWPeer"));
                });
    }
}
