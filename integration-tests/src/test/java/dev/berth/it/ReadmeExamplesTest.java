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
        assertReadmeShows("integration-tests/src/test/java/com/example/storage/MyDriverContractTest.java");
    }

    @Test
    void readmeShowsThePlainJavaEmbeddingProgramAsCompiled() throws IOException {
        assertReadmeShows("storage-ipfs/src/test/java/com/example/embedding/StoreOnIpfs.java");
    }

    @Test
    void readmeShowsTheAuthenticationConfigurationTheClientsTestRuns() throws IOException {
        assertReadmeShows(AuthenticatedClientsTest.EXAMPLE, "properties");
    }

    private static void assertReadmeShows(String source) throws IOException {
        assertReadmeShows(source, "java");
    }

    private static void assertReadmeShows(String source, String language) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String code = Files.readString(ROOT.resolve(source));
        assertTrue(readme.contains("```" + language + "\n" + code + "```"),
                "README.md must show " + source + " exactly, in a " + language + " code block");
    }
}
