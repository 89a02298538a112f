package dev.berth.registry;

import static dev.berth.registry.RegistryHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The actuator endpoint {@code gc}: hidden unless the application exposes it, then a POST runs and reports. */
class GcEndpointTest {
    private static final byte[] DRY_RUN = "{\"dryRun\": true}".getBytes(StandardCharsets.UTF_8);

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "berth.storage.driver=inmemory")
    class ByDefault {
        @LocalServerPort
        int port;

        @Test
        void theEndpointIsNotExposed() {
            HttpResponse<byte[]> response = new RegistryHttp(port).post("/actuator/gc", DRY_RUN, "Content-Type", "application/json");
            assertThat(response.statusCode()).as(text(response)).isEqualTo(404);
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {"berth.storage.driver=inmemory", "management.endpoints.web.exposure.include=health,gc"})
    class WhenExposed {
        @LocalServerPort
        int port;

        @Test
        void aPostRunsAndAnswersTheReport() {
            RegistryHttp http = new RegistryHttp(port);
            byte[] garbage = "garbage".getBytes(StandardCharsets.UTF_8);
            HttpResponse<byte[]> pushed = http.post("/v2/gc/app/blobs/uploads/?digest=" + RegistryHttp.sha256(garbage), garbage,
                    "Content-Type", "application/octet-stream");
            assertThat(pushed.statusCode()).as(text(pushed)).isEqualTo(201);

            HttpResponse<byte[]> dry = http.post("/actuator/gc", DRY_RUN, "Content-Type", "application/json");

            assertThat(dry.statusCode()).as(text(dry)).isEqualTo(200);
            assertThat(text(dry)).contains("\"dryRun\":true", "\"repositories\":1", "\"blobsKeptForGrace\":1", "\"duration\"");
        }
    }
}
