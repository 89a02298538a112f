package dev.berth.registry.ipfs.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.config.RegistryAutoConfiguration;
import dev.berth.registry.config.StorageAutoConfiguration;
import dev.berth.registry.ipfs.IpfsAutoConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class PublishAutoConfigurationTest {
    private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(
            JacksonAutoConfiguration.class, StorageAutoConfiguration.class, IpfsAutoConfiguration.class, RegistryAutoConfiguration.class,
            PublishAutoConfiguration.class));

    @Test
    void theGatewayViewAndImageTreesAreAlwaysThereAndIpnsPublishingOnlyWithAKey() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(GatewayView.class).hasSingleBean(ImageTrees.class).hasSingleBean(PublishedRoot.class)
                    .doesNotHaveBean(IpnsPublisher.class);
        });
    }

    @Test
    void withoutStorageIpfsThereIsNoPublishingAndTheRegistryStillStarts() {
        runner.withClassLoader(new FilteredClassLoader("dev.berth.storage.ipfs")).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(GatewayView.class).doesNotHaveBean(PublishedRoot.class);
        });
    }

    @Test
    void ipnsSettingsBindWithTheirDefaults() {
        runner.withPropertyValues("berth.storage.driver=ipfs", "berth.storage.ipfs.api=http://127.0.0.1:1",
                "berth.publish.ipns.key=registry").run(context -> {
                    assertThat(context).hasSingleBean(IpnsPublisher.class);
                    PublishProperties.Ipns ipns = context.getBean(PublishProperties.class).ipns();
                    assertThat(ipns.key()).isEqualTo("registry");
                    assertThat(ipns.debounce()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(ipns.lifetime()).isEqualTo(Duration.ofHours(48));
                    assertThat(context.getBean(IpnsPublisher.class).name()).isEmpty();
                });
    }
}
