package dev.berth.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The throw-away dockerd that docker and containerd client tests run: it builds, pushes, pulls, runs, and leaves nothing behind. */
class DockerDaemonTest {
    private static final Duration MINUTES = Duration.ofMinutes(5);

    @TempDir
    static Path work;

    private static DockerDaemon docker;
    private static RegistryProcess registry;

    @BeforeAll
    static void start() throws Exception {
        docker = DockerDaemon.start("docker-daemon-test");
        registry = RegistryProcess.berth("docker-daemon-test-registry", List.of("--berth.storage.driver=filesystem",
                "--berth.storage.filesystem.root=" + work.resolve("registry")));
        Path context = Files.createDirectories(work.resolve("context"));
        Files.copy(Tools.path("busybox"), context.resolve("busybox"));
        Files.writeString(context.resolve("hello.txt"), "hello from scratch\n");
        Files.writeString(context.resolve("Dockerfile"), """
                FROM scratch
                COPY busybox /bin/busybox
                COPY hello.txt /hello.txt
                """);
    }

    /** Builds the image from scratch (a static busybox and a text file); each test builds it, as another may remove it. */
    private static String build() {
        docker.docker(MINUTES, "build", "--network", "none", "-t", "docker-test/hello:1", work.resolve("context").toString());
        return "docker-test/hello:1";
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (docker != null) {
            docker.close();
        }
    }

    @Test
    void pushesAnImageBuiltFromScratchAndPullsItBackAfterRemovingIt() {
        String reference = registry.host() + "/docker-test/hello:1";
        docker.docker(MINUTES, "tag", build(), reference);
        String built = docker.docker(MINUTES, "image", "inspect", "--format", "{{.Id}}", reference).strip();
        docker.docker(MINUTES, "push", reference);

        docker.removeEverything();
        assertTrue(docker.docker(MINUTES, "images", "-aq").isBlank());
        docker.docker(MINUTES, "pull", reference);

        assertEquals(built, docker.docker(MINUTES, "image", "inspect", "--format", "{{.Id}}", reference).strip());
    }

    @Test
    void runsAContainerWithoutANetwork() {
        String output = docker.docker(MINUTES, "run", "--rm", "--network", "none", build(),
                "/bin/busybox", "cat", "/hello.txt");

        assertEquals("hello from scratch\n", output);
    }

    @Test
    void containerdClientsReachTheContainerdItRuns() {
        String version = Tools.run(List.of(DockerDaemon.command("ctr").toString(), "--address",
                docker.containerdSocket().toString(), "version"), work, MINUTES).stdout();

        assertTrue(version.contains("Server:"), version);
    }

    @Test
    void closeStopsBothDaemonsAndDeletesTheirFolder() throws Exception {
        DockerDaemon other = DockerDaemon.start("docker-daemon-test-close");
        Path folder = other.socket().getParent();
        long containerd = Long.parseLong(Files.readString(folder.resolve("exec/containerd/containerd.pid")).strip());

        other.close();

        assertFalse(ProcessHandle.of(other.pid()).isPresent(), "dockerd is still running");
        assertFalse(ProcessHandle.of(containerd).map(ProcessHandle::isAlive).orElse(false), "containerd is still running");
        assertFalse(Files.exists(folder), folder + " is still there");
    }
}
