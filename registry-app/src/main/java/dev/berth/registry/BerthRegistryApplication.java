package dev.berth.registry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * Berth's registry: the OCI Distribution API over a {@link dev.berth.storage.StorageDriver}.
 * Everything comes from the starter's auto-configuration, exactly as in any application that adds
 * {@code berth-spring-boot-starter}; this class only adds the standalone defaults
 * (application.properties).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class BerthRegistryApplication {
    public static void main(String[] args) {
        SpringApplication.run(BerthRegistryApplication.class, args);
    }
}
