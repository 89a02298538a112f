package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.DockerDaemon;
import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.Tools;
import dev.berth.storage.ipfs.testing.KuboNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker against a private repository of Berth on IPFS: it builds an image from scratch, pushes it
 * (chunked uploads, the blob checks and mount attempts docker makes), removes it, pulls it back and
 * runs it. The pushed layers reach Kubo only encrypted; docker sees the image as it built it.
 */
class PrivateRepositoriesWithDockerTest {
    private static final Duration MINUTES = Duration.ofMinutes(5);

    @TempDir
    Path work;

    @Test
    void dockerPushesPullsAndRunsAPrivateImage() throws Exception {
        String marker = "private-docker-" + UUID.randomUUID();
        Path context = Files.createDirectories(work.resolve("context"));
        Files.copy(Tools.path("busybox"), Files.createDirectories(context.resolve("bin")).resolve("busybox"));
        Files.writeString(context.resolve("hello.txt"), marker + "\n");
        // One instruction, one image: nothing of it stays behind in docker once the image is removed.
        Files.writeString(context.resolve("Dockerfile"), """
                FROM scratch
                COPY . /
                """);
        try (KuboNode kubo = KuboNode.start();
                RegistryProcess registry = RegistryProcess.berthOnIpfs("private-docker", kubo, "--berth.encryption.repositories=secret/**",
                        "--berth.encryption.keyset=" + work.resolve("keyset.json"),
                        "--berth.encryption.staging=" + work.resolve("staging"));
                DockerDaemon docker = DockerDaemon.start("private-docker")) {
            String image = registry.host() + "/secret/docker-app:1";
            docker.docker(MINUTES, "build", "--network", "none", "-t", image, context.toString());
            docker.docker(MINUTES, "push", image);
            String pushed = docker.docker(MINUTES, "image", "inspect", "--format", "{{index .RepoDigests 0}}", image).strip();
            docker.docker(MINUTES, "rmi", "-f", image);
            assertTrue(docker.docker(MINUTES, "images", "-aq").isBlank(), "the pull must fetch every layer");

            docker.docker(MINUTES, "pull", image);
            assertEquals(pushed, docker.docker(MINUTES, "image", "inspect", "--format", "{{index .RepoDigests 0}}", image).strip());
            String output = docker.docker(MINUTES, "run", "--rm", "--network", "none", image, "/bin/busybox", "cat", "/hello.txt");
            assertEquals(marker, output.strip());
            String manifestDigest = pushed.substring(pushed.indexOf('@') + 1);
            assertEquals(manifestDigest, Tools.tool("crane", work, "digest", image).strip(), "crane sees what docker pushed");
            assertTrue(Files.readString(registry.log()).contains("private manifest pushed"), "the push went to the private tree");
        }
    }
}
