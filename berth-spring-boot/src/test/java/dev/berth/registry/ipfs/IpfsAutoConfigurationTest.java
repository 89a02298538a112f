package dev.berth.registry.ipfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.config.StorageAutoConfiguration;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.inmemory.InMemoryDriver;
import dev.berth.storage.ipfs.IpfsStorageDriver;
import dev.berth.storage.ipfs.kubo.KuboClient;
import dev.berth.storage.ipfs.node.KuboStartupException;
import dev.berth.storage.ipfs.node.ManagedKubo;
import dev.berth.storage.ipfs.node.SwarmKey;
import dev.berth.storage.ipfs.testing.KuboBinary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The IPFS driver and the Kubo it stores on, as the auto-configuration sets them up. */
class IpfsAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(StorageAutoConfiguration.class, IpfsAutoConfiguration.class));

    @TempDir
    Path root;

    @Test
    void ipfsDriverIsBuiltFromItsPropertiesAndWithAnApiStartsNoKubo() {
        runner.withPropertyValues("berth.storage.driver=ipfs", "berth.storage.ipfs.api=http://127.0.0.1:1", "berth.storage.ipfs.root=/elsewhere")
                .run(context -> {
                    assertThat(context.getBean(StorageDriver.class)).isInstanceOf(IpfsStorageDriver.class);
                    assertThat(context.getBean(KuboConnectionDetails.class).api()).isEqualTo(URI.create("http://127.0.0.1:1"));
                    assertThat(context).doesNotHaveBean(ManagedKubo.class);
                });
    }

    @Test
    void withoutAnApiTheRegistryRunsAKuboOfItsOwnInItsDataFolderAndStopsItOnClose() {
        long[] pid = new long[1];
        runner.withPropertyValues("berth.storage.driver=ipfs", "berth.storage.ipfs.binary=" + KuboBinary.find(),
                        "berth.storage.ipfs.data-dir=" + root, "berth.storage.ipfs.swarm-addresses=/ip4/127.0.0.1/tcp/0",
                        "berth.storage.ipfs.routing=none")
                .run(context -> {
                    ManagedKubo kubo = context.getBean(ManagedKubo.class);
                    pid[0] = kubo.pid();
                    assertThat(kubo.repository()).isEqualTo(root.resolve("kubo"));
                    assertThat(context.getBean(KuboConnectionDetails.class).api()).isEqualTo(kubo.api());
                    StorageDriver driver = context.getBean(StorageDriver.class);
                    driver.putContent("/stored", new byte[] {4, 2});
                    assertThat(driver.getContent("/stored")).containsExactly(4, 2);
                    assertThat(context.getBean("kuboHealthIndicator", HealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
                });
        assertThat(ProcessHandle.of(pid[0]).filter(ProcessHandle::isAlive)).as("Kubo stopped with the context").isEmpty();
    }

    @Test
    void theRegistrysOwnKuboJoinsTheNetworkItsPropertiesName() throws IOException {
        SwarmKey key = SwarmKey.generate();
        Path keyFile = Files.writeString(root.resolve("organisation.key"), key.text());
        runner.withPropertyValues("berth.storage.driver=ipfs", "berth.storage.ipfs.binary=" + KuboBinary.find(),
                        "berth.storage.ipfs.data-dir=" + root.resolve("private"), "berth.storage.ipfs.network=private",
                        "berth.storage.ipfs.swarm-key=" + keyFile, "berth.storage.ipfs.swarm-addresses=/ip4/127.0.0.1/tcp/0",
                        "berth.storage.ipfs.bootstrap=/ip4/127.0.0.1/tcp/1/p2p/12D3KooWEgtbimx8gjSXdX2kkW3kcR1eMvTAeWQS2AeGDGwpZBdz")
                .run(context -> {
                    ManagedKubo kubo = context.getBean(ManagedKubo.class);
                    assertThat(SwarmKey.read(kubo.repository().resolve("swarm.key"))).isEqualTo(key);
                    assertThat(Files.readString(kubo.repository().resolve("config"))).contains("12D3KooWEgtbimx8gjSXdX2kkW3kcR1eMvTAeWQS2AeGDGwpZBdz");
                });
        runner.withPropertyValues("berth.storage.driver=ipfs", "berth.storage.ipfs.binary=" + KuboBinary.find(),
                        "berth.storage.ipfs.data-dir=" + root.resolve("local"), "berth.storage.ipfs.network=local")
                .run(context -> {
                    try (KuboClient kubo = KuboClient.builder().api(context.getBean(ManagedKubo.class).api()).build()) {
                        assertThat(kubo.node().id().addresses()).as("offline: no swarm").isEmpty();
                    }
                    assertThat(context.getBean("kuboHealthIndicator", HealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
                });
    }

    @Test
    void withoutAnApiOrAKuboBinaryStartupFailsSayingWhatToDo() {
        runner.withPropertyValues("berth.storage.driver=ipfs", "berth.storage.ipfs.binary=" + root.resolve("no-ipfs-here"),
                        "berth.storage.ipfs.data-dir=" + root)
                .run(context -> {
                    assertThat(context).getFailure().rootCause().isInstanceOf(KuboStartupException.class)
                            .hasMessageContaining(root.resolve("no-ipfs-here").toString());
                    FailureAnalysis analysis = new KuboStartupFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("could not start its own Kubo", "no-ipfs-here");
                    assertThat(analysis.getAction()).contains("Install Kubo", "berth.storage.ipfs.binary", "berth.storage.ipfs.api",
                            "berth.storage.driver=filesystem");
                });
    }

    @Test
    void anApplicationsKuboConnectionDetailsOrDriverMeanNoKuboOfItsOwn() {
        runner.withPropertyValues("berth.storage.driver=ipfs", "berth.storage.ipfs.binary=" + root.resolve("no-ipfs-here"))
                .withBean(KuboConnectionDetails.class, () -> () -> URI.create("http://127.0.0.1:1"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ManagedKubo.class).hasSingleBean(IpfsStorageDriver.class));
        runner.withPropertyValues("berth.storage.driver=ipfs", "berth.storage.ipfs.binary=" + root.resolve("no-ipfs-here"))
                .withBean(StorageDriver.class, InMemoryDriver::new)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ManagedKubo.class));
    }

    @Test
    void theDefaultDataFolderFollowsThePlatformsConvention() {
        Path home = Path.of("/home/someone");
        assertThat(UserDataFolder.of("berth", "Linux", Map.of(), home)).isEqualTo(Path.of("/home/someone/.local/share/berth"));
        assertThat(UserDataFolder.of("berth", "Linux", Map.of("XDG_DATA_HOME", "/data"), home)).isEqualTo(Path.of("/data/berth"));
        assertThat(UserDataFolder.of("berth", "Mac OS X", Map.of(), home))
                .isEqualTo(Path.of("/home/someone/Library/Application Support/berth"));
    }

    @Test
    void ipfsDriverTimesKuboCallsInTheApplicationsMeterRegistry() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        runner.withPropertyValues("berth.storage.driver=ipfs", "berth.storage.ipfs.api=http://127.0.0.1:1")
                .withBean(MeterRegistry.class, () -> meters)
                .run(context -> {
                    assertThatThrownBy(() -> context.getBean(StorageDriver.class).stat("/anything")).isInstanceOf(IOException.class);
                    assertThat(meters.get("berth.kubo.requests").tags("command", "files/stat", "outcome", "unavailable").timer().count())
                            .isEqualTo(1);
                });
    }

    @Test
    void kuboHealthExistsOnlyForTheIpfsDriverAndSaysUnknownWhenAnApplicationDriverReplacedIt() {
        runner.run(context -> assertThat(context).doesNotHaveBean("kuboHealthIndicator"));
        runner.withPropertyValues("berth.storage.driver=ipfs", "berth.storage.ipfs.api=http://127.0.0.1:1")
                .run(context -> assertThat(context).hasBean("kuboHealthIndicator"));
        runner.withPropertyValues("berth.storage.driver=ipfs").withBean(StorageDriver.class, InMemoryDriver::new)
                .run(context -> assertThat(context.getBean("kuboHealthIndicator", HealthIndicator.class).health().getStatus())
                        .isEqualTo(Status.UNKNOWN));
    }
}
