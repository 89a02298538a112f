package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** With Spring Boot's structured logging on, the jar writes one JSON object a line, registry events with their fields. */
class StructuredLogsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path work;

    @Test
    void pushedAndDeletedManifestsAreLoggedAsJsonWithTheirFields() throws Exception {
        try (RegistryProcess registry = RegistryProcess.berth("structured-logs", List.of(
                "--logging.structured.format.console=ecs",
                "--berth.storage.driver=filesystem", "--berth.storage.filesystem.root=" + work.resolve("storage")))) {
            String image = registry.host() + "/logs/app:v1";
            Tools.tool("crane", work, "append", "-f", Tools.tarOfOneFile(work, "hello.txt", "hello\n").toString(), "-t", image);
            String digest = Tools.tool("crane", work, "digest", image).strip();
            Tools.tool("crane", work, "delete", registry.host() + "/logs/app@" + digest);

            JsonNode pushed = awaitEvent(registry.log(), "manifest pushed", digest);
            assertEquals("logs/app", pushed.get("repository").asString());
            assertEquals("v1", pushed.get("imageTags").asString());
            assertEquals("INFO", pushed.get("log").get("level").asString());
            assertFalse(pushed.get("mediaType").asString().isBlank());

            JsonNode deleted = awaitEvent(registry.log(), "manifest deleted", digest);
            assertEquals("logs/app", deleted.get("repository").asString());
            awaitEvent(registry.log(), "blob upload completed", "sha256:");

            for (String line : Files.readAllLines(registry.log())) {
                if (!line.isBlank()) {
                    assertEquals(true, parse(line).map(JsonNode::isObject).orElse(false), "not a JSON object: " + line);
                }
            }
        }
    }

    /** The first log event with this message whose digest starts with {@code digest}; the log is written as it happens. */
    private static JsonNode awaitEvent(Path log, String message, String digest) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        do {
            for (String line : Files.readAllLines(log)) {
                Optional<JsonNode> event = parse(line).filter(node -> message.equals(node.path("message").asString())
                        && node.path("digest").asString().startsWith(digest));
                if (event.isPresent()) {
                    return event.get();
                }
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return fail("no '" + message + "' event for " + digest + " in " + Files.readString(log));
    }

    private static Optional<JsonNode> parse(String line) {
        try {
            return Optional.of(JSON.readTree(line));
        } catch (JacksonException notJson) {
            return Optional.empty();
        }
    }
}
