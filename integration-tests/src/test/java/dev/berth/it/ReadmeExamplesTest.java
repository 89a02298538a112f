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

    @Test
    void readmeShowsThePlainJavaEmbeddingProgramAsCompiled() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String program = Files.readString(
                ROOT.resolve("storage-ipfs/src/test/java/com/example/embedding/StoreOnIpfs.java"));
        assertTrue(readme.contains("```java\n" + program + "```"),
                "README.md must show StoreOnIpfs.java exactly, in a java code block");
    }
}
