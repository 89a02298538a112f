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

    @Test
    void readmeShowsTheStarterApplicationAsTested() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String code = Files.readString(ROOT.resolve("examples/spring-boot-starter-app/src/main/java/com/example/registry/MyRegistryApplication.java"));
        String indented = code.lines().map(line -> line.isBlank() ? "" : "   " + line).collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        assertTrue(readme.contains("   ```java\n" + indented + "   ```"), "README.md must show the starter application exactly");
        String pom = Files.readString(ROOT.resolve("examples/spring-boot-starter-app/pom.xml"));
        assertTrue(pom.contains("<artifactId>berth-spring-boot-starter</artifactId>") && readme.contains("<artifactId>berth-spring-boot-starter</artifactId>"),
                "the README's dependency is the one the example uses");
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
