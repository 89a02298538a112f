package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's code is the code that compiles and passes here, letter for letter. */
class ReadmeExamplesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void readmeShowsTheContractReuseExampleAsCompiled() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String example = Files.readString(
                ROOT.resolve("integration-tests/src/test/java/com/example/storage/MyDriverContractTest.java"));
        assertTrue(readme.contains("```java\n" + example + "```"),
                "README.md must show MyDriverContractTest.java exactly, in a java code block");
    }
}
