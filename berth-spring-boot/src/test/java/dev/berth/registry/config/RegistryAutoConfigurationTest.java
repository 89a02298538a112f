package dev.berth.registry.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.web.context.servlet.AnnotationConfigServletWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.web.SecurityFilterChain;

class RegistryAutoConfigurationTest {
    private final WebApplicationContextRunner runner = new WebApplicationContextRunner(AnnotationConfigServletWebApplicationContext::new)
            .withConfiguration(AutoConfigurations.of(StorageAutoConfiguration.class, JacksonAutoConfiguration.class, RegistryAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader(SecurityFilterChain.class));

    @Test
    void accessControlWithoutSpringSecurityRefusesToStartRatherThanLeaveTheRegistryOpen() {
        runner.withPropertyValues("berth.auth.mode=basic")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageStartingWith("berth.auth.mode=basic needs Spring Security on the classpath"));
        runner.run(context -> assertThat(context).hasNotFailed());
    }
}
