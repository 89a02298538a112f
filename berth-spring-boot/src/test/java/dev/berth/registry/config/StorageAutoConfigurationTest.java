package dev.berth.registry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.store.RegistryStorage;
import dev.berth.storage.CheckedDriver;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.filesystem.FilesystemDriver;
import dev.berth.storage.inmemory.InMemoryDriver;
import dev.berth.storage.ipfs.IpfsStorageDriver;
import dev.berth.storage.ipfs.node.KuboStartupException;
import dev.berth.storage.ipfs.node.ManagedKubo;
import dev.berth.storage.ipfs.testing.KuboBinary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
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
    void applicationDriverBeanWinsAndIsStillChecked() {
        StorageDriver own = new InMemoryDriver();
        runner.withBean(StorageDriver.class, () -> own).run(context -> {
            assertThat(context.getBean(StorageDriver.class)).isSameAs(own);
            assertThat(((CheckedDriver) context.getBean(RegistryStorage.class).driver()).delegate()).isSameAs(own);
        });
    }
}
