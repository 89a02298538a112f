package dev.berth.registry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.layout.RegistryStorage;
import dev.berth.storage.CheckedDriver;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.filesystem.FilesystemDriver;
import dev.berth.storage.inmemory.InMemoryDriver;
import dev.berth.storage.ipfs.IpfsStorageDriver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class StorageAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(StorageAutoConfiguration.class));

    @TempDir
    Path root;

    @Test
    void inMemoryDriverIsTheDefaultAndIsUsedBehindCheckedDriver() {
        runner.run(context -> {
            assertThat(context.getBean(StorageDriver.class)).isInstanceOf(InMemoryDriver.class);
            assertThat(context.getBean(RegistryStorage.class).driver()).isInstanceOf(CheckedDriver.class);
        });
    }

    @Test
    void filesystemDriverIsChosenByProperty() {
        runner.withPropertyValues("berth.storage.driver=filesystem", "berth.storage.filesystem.root=" + root)
                .run(context -> assertThat(context.getBean(StorageDriver.class)).isInstanceOf(FilesystemDriver.class));
    }

    @Test
    void filesystemDriverWithoutRootFailsWithAClearMessage() {
        runner.withPropertyValues("berth.storage.driver=filesystem")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("berth.storage.filesystem.root"));
    }

    @Test
    void ipfsDriverIsBuiltFromItsProperties() {
        runner.withPropertyValues("berth.storage.driver=ipfs", "berth.storage.ipfs.api=http://127.0.0.1:1", "berth.storage.ipfs.root=/elsewhere")
                .run(context -> assertThat(context.getBean(StorageDriver.class)).isInstanceOf(IpfsStorageDriver.class));
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

    @Test
    void applicationDriverBeanWinsAndIsStillChecked() {
        StorageDriver own = new InMemoryDriver();
        runner.withBean(StorageDriver.class, () -> own).run(context -> {
            assertThat(context.getBean(StorageDriver.class)).isSameAs(own);
            assertThat(((CheckedDriver) context.getBean(RegistryStorage.class).driver()).delegate()).isSameAs(own);
        });
    }
}
