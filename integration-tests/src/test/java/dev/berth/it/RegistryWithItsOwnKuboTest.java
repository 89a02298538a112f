package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.Tools;
import dev.berth.storage.ipfs.testing.KuboBinary;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar} alone, with no Kubo API given: the registry runs a Kubo of its own, brings it
 * back when it dies, and takes it down when it stops.
 */
class RegistryWithItsOwnKuboTest {
    private static final Duration PATIENCE = Duration.ofSeconds(120); // Kubo restarts slowly on a loaded machine

    @TempDir
    Path work;

    @Test
    void theJarAloneServesOnIpfsRecoversFromAKilledKuboAndLeavesNoKuboBehindWhenStopped() throws Exception {
        Path data = work.resolve("data");
        ProcessHandle kubo;
        Path log;
        try (RegistryProcess registry = RegistryProcess.berth("own-kubo", List.of(
                "--berth.storage.ipfs.binary=" + KuboBinary.find(), "--berth.storage.ipfs.data-dir=" + data,
                // isolated on loopback, so that parallel runs cannot fight over Kubo's default swarm port
                "--berth.storage.ipfs.swarm-addresses=/ip4/127.0.0.1/tcp/0", "--berth.storage.ipfs.routing=none"))) {
            log = registry.log();
            assertTrue(Files.exists(data.resolve("kubo/config")), "the Kubo repository is in the data folder");
            Path layer = Tools.tarOfOneFile(work, "hello.txt", "hello\n");
            Tools.tool("crane", work, "append", "-f", layer.toString(), "-t", registry.host() + "/own/image:1");
            Tools.tool("crane", work, "pull", registry.host() + "/own/image:1", work.resolve("first.tar").toString());
            kubo = kuboOf(registry).orElseThrow(() -> new AssertionError("no Kubo daemon under the registry"));

            assertTrue(kubo.destroyForcibly(), "kill -9 of Kubo");
            ProcessHandle killed = kubo;
            kubo = awaitKubo(registry, killed);
            assertNotEquals(killed.pid(), kubo.pid());
            awaitManifest(registry, "/v2/own/image/manifests/1");
            Tools.tool("crane", work, "pull", registry.host() + "/own/image:1", work.resolve("again.tar").toString());
            Tools.tool("crane", work, "append", "-f", layer.toString(), "-t", registry.host() + "/own/image:2");
            assertEquals(List.of("1", "2"), Tools.tool("crane", work, "ls", registry.host() + "/own/image").lines().toList());
        }
        // close() sent SIGTERM and waited for the JVM: its Kubo must be gone with it, stopped by the
        // application's orderly shutdown (after the driver) rather than by the JVM's backstop.
        assertTrue(ProcessHandle.of(kubo.pid()).filter(ProcessHandle::isAlive).isEmpty(), "Kubo " + kubo.pid() + " outlived the registry");
        List<String> stoppedBy = Files.readAllLines(log).stream().filter(line -> line.contains("Kubo stopped")).toList();
        assertEquals(1, stoppedBy.size(), String.join("\n", stoppedBy));
        assertFalse(stoppedBy.getFirst().contains("kubo-shutdown"), stoppedBy.getFirst());
    }

    @Test
    void withoutKuboOnThePathTheJarRefusesToStartSayingWhatToDo() {
        IllegalStateException failed = assertThrows(IllegalStateException.class, () -> RegistryProcess.berth("no-kubo",
                List.of("--berth.storage.ipfs.binary=berth-no-such-ipfs", "--berth.storage.ipfs.data-dir=" + work)));
        String log = failed.getMessage();
        assertTrue(log.contains("APPLICATION FAILED TO START") && log.contains("'berth-no-such-ipfs' binary is not on the PATH")
                && log.contains("Install Kubo") && log.contains("berth.storage.ipfs.api") && log.contains("berth.storage.driver=filesystem"), log);
    }

    /** The {@code ipfs daemon} among the registry's child processes. */
    private static Optional<ProcessHandle> kuboOf(RegistryProcess registry) {
        return ProcessHandle.of(registry.pid()).orElseThrow().children()
                .filter(ProcessHandle::isAlive)
                .filter(child -> child.info().arguments().map(args -> List.of(args).contains("daemon")).orElse(false))
                .findFirst();
    }

    private static ProcessHandle awaitKubo(RegistryProcess registry, ProcessHandle killed) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> kubo = kuboOf(registry).filter(child -> child.pid() != killed.pid());
            if (kubo.isPresent()) {
                return kubo.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the registry started no new Kubo within " + PATIENCE);
    }

    private static void awaitManifest(RegistryProcess registry, String path) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest manifest = HttpRequest.newBuilder(registry.url().resolve(path))
                .header("Accept", "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json")
                .timeout(Duration.ofSeconds(30)).build();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        int status = 0;
        while (System.nanoTime() < deadline) {
            try {
                status = http.send(manifest, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // The registry itself stays up; a dropped connection is worth another try.
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the registry did not serve " + path + " again within " + PATIENCE + " (last status " + status + ")");
    }
}
