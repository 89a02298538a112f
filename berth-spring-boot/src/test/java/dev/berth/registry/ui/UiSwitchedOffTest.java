package dev.berth.registry.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.config.RegistryAutoConfiguration;
import dev.berth.registry.config.StorageAutoConfiguration;
import dev.berth.registry.security.RegistrySecurityAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration;

/** The UI is there by default and only then: off by property, and absent without Thymeleaf or Spring Security. */
class UiSwitchedOffTest {
    private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(
            JacksonAutoConfiguration.class, StorageAutoConfiguration.class, RegistryAutoConfiguration.class,
            RegistrySecurityAutoConfiguration.class, SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
            ThymeleafAutoConfiguration.class, UiAutoConfiguration.class));

    @Test
    void theUiIsOnByDefault() {
        runner.run(context -> assertThat(context).hasNotFailed().hasSingleBean(HomePage.class).hasSingleBean(RepositoryIndex.class));
    }

    @Test
    void berthUiEnabledFalseLeavesOnlyTheApi() {
        runner.withPropertyValues("berth.ui.enabled=false").run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(HomePage.class).doesNotHaveBean(UiSecurity.class).hasBean("blobEndpoints"));
    }

    @Test
    void withoutThymeleafOrSpringSecurityThereIsNoUi() {
        runner.withClassLoader(new FilteredClassLoader("org.thymeleaf")).run(context -> assertThat(context).doesNotHaveBean(HomePage.class));
        runner.withClassLoader(new FilteredClassLoader("org.springframework.security.web"))
                .run(context -> assertThat(context).doesNotHaveBean(HomePage.class));
    }
}
