package dev.berth.registry;

import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "berth.storage.driver=inmemory")
class InMemoryRegistryApiTest extends RegistryApiContract {
}
