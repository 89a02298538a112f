package dev.berth.storage.ipfs.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.storage.ipfs.IpfsStorageDriver;
import dev.berth.storage.ipfs.node.KuboStartupException.Reason;
import dev.berth.storage.ipfs.testing.KuboBinary;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor against the real Kubo binary: it starts, survives a crash, stops, and refuses clearly. */
class ManagedKuboTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90); // a loaded machine starts Kubo slowly

    @TempDir
    Path work;

    private ManagedKuboBuilder kubo(Path repository) {
        // Isolated on loopback: no swarm port the tests could fight over, no routing beyond direct peers.
        return ManagedKubo.builder().binary(KuboBinary.find()).repository(repository)
                .swarmAddresses(List.of("/ip4/127.0.0.1/tcp/0")).routing("none").startupTimeout(PATIENCE);
    }

    @Test
    void startsOnLoopbackAndAfterASigkillIsRestartedOnTheSameApiWhereTheSameDriverWorksAgain() throws Exception {
        Path repository = work.resolve("kubo");
        try (ManagedKubo kubo = kubo(repository).start();
                IpfsStorageDriver driver = IpfsStorageDriver.builder().api(kubo.api()).timeout(Duration.ofSeconds(10)).build()) {
            URI api = kubo.api();
            assertEquals("127.0.0.1", api.getHost());
            assertTrue(Files.exists(repository.resolve("config")), "ipfs init made the repository");
            driver.putContent("/before", bytes("written before the crash"));

            long first = kubo.pid();
            assertTrue(ProcessHandle.of(first).orElseThrow().destroyForcibly(), "SIGKILL sent");
            await(() -> kubo.restarts() == 1 && kubo.isRunning(), "Kubo started again");

            assertNotEquals(first, kubo.pid());
            assertEquals(api, kubo.api());
            await(() -> answers(driver), "the same driver reaches the new daemon");
            driver.putContent("/after", bytes("written after the crash"));
            assertArrayEquals(bytes("written after the crash"), driver.getContent("/after"));
            assertArrayEquals(bytes("written before the crash"), driver.getContent("/before"));
        }
    }

    @Test
    void closeStopsTheDaemonAndLetsGoOfTheRepository() throws Exception {
        Path repository = work.resolve("kubo");
        long pid;
        try (ManagedKubo kubo = kubo(repository).start()) {
            pid = kubo.pid();
            assertTrue(new KuboRepository(KuboBinary.find(), repository).isLocked(), "the daemon holds the repository");
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "Kubo is gone once closed");
        assertFalse(new KuboRepository(KuboBinary.find(), repository).isLocked());
    }

    @Test
    void aRepositoryIsReusedAndItsApiPutBackOnLoopbackWhateverItsConfigSays() throws Exception {
        Path repository = work.resolve("kubo");
        try (ManagedKubo kubo = kubo(repository).start(); var driver = IpfsStorageDriver.builder().api(kubo.api()).build()) {
            driver.putContent("/kept", bytes("kept"));
        }
        new KuboRepository(KuboBinary.find(), repository).ipfs("config", "Addresses.API", "/ip4/0.0.0.0/tcp/0");

        try (ManagedKubo kubo = kubo(repository).start(); var driver = IpfsStorageDriver.builder().api(kubo.api()).build()) {
            assertEquals("127.0.0.1", kubo.api().getHost());
            assertArrayEquals(bytes("kept"), driver.getContent("/kept"));
        }
    }

    @Test
    void aSecondSupervisorOnARepositoryInUseIsRefusedAndTheFirstKeepsRunning() throws Exception {
        Path repository = work.resolve("kubo");
        try (ManagedKubo first = kubo(repository).start()) {
            KuboStartupException refused = assertThrows(KuboStartupException.class, () -> kubo(repository).start());
            assertEquals(Reason.REPOSITORY_LOCKED, refused.reason());
            assertTrue(refused.getMessage().contains(repository.toString()) && refused.getMessage().contains("another Kubo daemon"),
                    refused.getMessage());
            assertTrue(first.isRunning());
            try (var driver = IpfsStorageDriver.builder().api(first.api()).build()) {
                assertTrue(answers(driver));
            }
        }
    }

    @Test
    void aMissingBinaryIsRefusedSayingWhatToInstall() {
        KuboStartupException configured = assertThrows(KuboStartupException.class,
                () -> ManagedKubo.builder().binary(work.resolve("no-such-ipfs")).repository(work.resolve("kubo")).start());
        assertEquals(Reason.BINARY_MISSING, configured.reason());
        assertTrue(configured.getMessage().contains("no-such-ipfs") && configured.getMessage().contains("Install Kubo"),
                configured.getMessage());
        assertFalse(Files.exists(work.resolve("kubo")), "nothing made without a binary");

        KuboStartupException onPath = assertThrows(KuboStartupException.class,
                () -> ManagedKuboBuilder.resolve(Path.of("ipfs"), work.toString()));
        assertEquals(Reason.BINARY_MISSING, onPath.reason());
        assertTrue(onPath.getMessage().contains("not on the PATH"), onPath.getMessage());
        assertEquals(KuboBinary.find().toAbsolutePath(),
                ManagedKuboBuilder.resolve(KuboBinary.find().getFileName(), KuboBinary.find().getParent().toString()));
    }

    private static boolean answers(IpfsStorageDriver driver) {
        try {
            driver.kuboVersion();
            return true;
        } catch (Exception notYet) {
            return false;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + PATIENCE);
            }
            Thread.sleep(100);
        }
    }
}
