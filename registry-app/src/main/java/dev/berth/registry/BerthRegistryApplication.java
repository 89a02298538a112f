package dev.berth.registry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Berth's registry: the OCI Distribution API over a {@link dev.berth.storage.StorageDriver}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BerthRegistryApplication {
    public static void main(String[] args) {
        SpringApplication.run(BerthRegistryApplication.class, args);
    }
}
