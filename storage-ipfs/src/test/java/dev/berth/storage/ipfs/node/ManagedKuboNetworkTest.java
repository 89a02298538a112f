package dev.berth.storage.ipfs.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.storage.CheckedDriver;
import dev.berth.storage.StorageDriver;
import dev.berth.storage.ipfs.IpfsStorageDriver;
import dev.berth.storage.ipfs.PublishedTree;
import dev.berth.storage.ipfs.kubo.KuboClient;
import dev.berth.storage.ipfs.kubo.KuboException;
import dev.berth.storage.ipfs.kubo.SwarmCommands.Peer;
import dev.berth.storage.ipfs.testing.KuboBinary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The networks a managed Kubo joins, on real daemons on loopback (this machine reaches no public
 * network, so the public nodes here are only ever alone or with each other).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ManagedKuboNetworkTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String LOOPBACK = "/ip4/127.0.0.1/tcp/0";

    @TempDir
    Path work;

    @Test
    void twoPrivateNodesSharingAKeyConnectThroughTheBootstrapListAndExchangeABlockByBitswap() throws Exception {
        Path key = swarmKeyFile("organisation.key", SwarmKey.generate());
        try (ManagedKubo first = privateNode("first", key, List.of()).start();
                ManagedKubo second = privateNode("second", key, List.of(multiaddr(first))).start();
                KuboClient firstClient = client(first); KuboClient secondClient = client(second);
                IpfsStorageDriver firstDriver = IpfsStorageDriver.builder().api(first.api()).build()) {
            await(() -> peerIds(secondClient).contains(firstClient.node().id().id()), "the second node bootstrapped from the first");

            byte[] content = new byte[3 << 20]; // twelve blocks of 256 KiB
            new SplittableRandom(7).nextBytes(content);
            firstDriver.putContent("/shared", content);
            String cid = firstDriver.stat("/shared").contentId().orElseThrow();
            try (InputStream in = secondClient.cat().cat("/ipfs/" + cid, 0, content.length)) {
                assertArrayEquals(content, in.readAllBytes(), "fetched from the first node by bitswap");
            }

            JsonNode config = config(first);
            assertEquals(SwarmKey.read(key), SwarmKey.read(first.repository().resolve("swarm.key")));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first.repository().resolve("swarm.key"))));
            assertFalse(config.at("/AutoConf/Enabled").asBoolean(true));
            assertEquals("dht", config.at("/Routing/Type").asString());
            assertEquals(List.of(multiaddr(first)), strings(config(second).at("/Bootstrap")));
            assertEquals(0, config.at("/Bootstrap").size());
            assertEquals(0, config.at("/Routing/DelegatedRouters").size());
            assertEquals(0, config.at("/DNS/Resolvers").size());
            assertFalse(config.at("/Discovery/MDNS/Enabled").asBoolean(true));
            for (String transport : List.of("QUIC", "WebTransport", "WebRTCDirect", "Websocket")) {
                assertFalse(config.at("/Swarm/Transports/Network/" + transport).asBoolean(true), transport);
            }
            assertTrue(firstClient.node().id().addresses().stream().allMatch(address -> address.contains("/tcp/")),
                    "TCP only: " + firstClient.node().id().addresses());
        }
    }

    @Test
    void nodesWithAnotherKeyOrWithoutOneCannotConnectEitherWay() throws Exception {
        try (ManagedKubo member = privateNode("member", swarmKeyFile("a.key", SwarmKey.generate()), List.of()).start();
                ManagedKubo stranger = privateNode("stranger", swarmKeyFile("b.key", SwarmKey.generate()), List.of(multiaddr(member))).start();
                ManagedKubo outsider = publicNode("outsider").start();
                KuboClient memberClient = client(member); KuboClient strangerClient = client(stranger);
                KuboClient outsiderClient = client(outsider)) {
            assertThrows(KuboException.class, () -> strangerClient.swarm().connect(multiaddr(member)));
            assertThrows(KuboException.class, () -> outsiderClient.swarm().connect(multiaddr(member)));
            assertThrows(KuboException.class, () -> memberClient.swarm().connect(multiaddr(outsider)));
            assertThrows(KuboException.class, () -> memberClient.swarm().connect(multiaddr(stranger)));
            assertEquals(List.of(), memberClient.swarm().peers());
            assertEquals(List.of(), strangerClient.swarm().peers(), "its bootstrap peer refused it");
        }
    }

    @Test
    void aLocalNodeHasNoSwarmListenersAndNoPeersYetStoresAndPublishesForItsApplication() throws Exception {
        try (ManagedKubo local = ManagedKubo.builder().binary(KuboBinary.find()).repository(work.resolve("local"))
                        .network(KuboNetwork.LOCAL).startupTimeout(PATIENCE).start();
                ManagedKubo other = publicNode("other").start();
                KuboClient localClient = client(local);
                IpfsStorageDriver driver = IpfsStorageDriver.builder().api(local.api()).build()) {
            assertEquals(List.of(), localClient.node().id().addresses(), "nothing to dial");
            KuboException offline = assertThrows(KuboException.class, () -> localClient.swarm().peers());
            assertTrue(offline.kuboMessage().contains("online mode"), offline.kuboMessage());
            assertThrows(KuboException.class, () -> localClient.swarm().connect(multiaddr(other)));

            StorageDriver storage = CheckedDriver.wrap(driver, new SimpleMeterRegistry());
            storage.putContent("/kept", new byte[] {1, 2, 3});
            assertArrayEquals(new byte[] {1, 2, 3}, storage.getContent("/kept"));
            PublishedTree tree = storage.unwrap(PublishedTree.class).orElseThrow();
            tree.ipnsName("local-test");
            assertTrue(tree.publish(tree.cid("/"), "local-test", Duration.ofHours(1)).length() > 0, "IPNS, offline");

            JsonNode config = config(local);
            assertEquals(0, config.at("/Addresses/Swarm").size());
            assertEquals(0, config.at("/Bootstrap").size());
            assertEquals("none", config.at("/Routing/Type").asString());
            assertFalse(config.at("/AutoConf/Enabled").asBoolean(true));
        }
    }

    @Test
    void publicKeepsTheConfigOfAFreshRepositoryAsKuboMakesIt() throws Exception {
        Path reference = work.resolve("reference");
        Files.createDirectories(reference);
        new KuboRepository(KuboBinary.find(), reference).ipfs("init", "--empty-repo");
        try (ManagedKubo node = publicNode("public").start(); KuboClient client = client(node)) {
            assertEquals(withoutNodeOwnSettings(KuboConfigFile.of(reference)), withoutNodeOwnSettings(KuboConfigFile.of(node.repository())),
                    "Kubo's own config but for the identity and the settings asked for");
            assertEquals(List.of(LOOPBACK), strings(config(node).at("/Addresses/Swarm")));
            assertFalse(Files.exists(node.repository().resolve("swarm.key")));
            assertFalse(Files.exists(node.repository().resolve(SavedPublicNetwork.FILE)));
            assertFalse(client.node().id().addresses().isEmpty(), "online, listening");
        }
    }

    @Test
    void aPublicNodeSwitchedToPrivateBecomesPrivateAndBackToPublicIsAsBefore() throws Exception {
        Path repository = work.resolve("switching");
        Path key = swarmKeyFile("switch.key", SwarmKey.generate());
        JsonNode before;
        try (ManagedKubo outsider = publicNode("outsider").start(); KuboClient outsiderClient = client(outsider)) {
            try (ManagedKubo node = publicNode(repository).start()) {
                before = withoutApi(KuboConfigFile.of(repository));
                outsiderClient.swarm().connect(multiaddr(node)); // public nodes connect
            }
            try (ManagedKubo node = ManagedKubo.builder().binary(KuboBinary.find()).repository(repository)
                    .network(KuboNetwork.PRIVATE).swarmKey(key).swarmAddresses(List.of(LOOPBACK)).routing("none")
                    .startupTimeout(PATIENCE).start()) {
                assertThrows(KuboException.class, () -> outsiderClient.swarm().connect(multiaddr(node)));
                assertTrue(Files.exists(repository.resolve("swarm.key")));
                assertFalse(config(node).at("/AutoConf/Enabled").asBoolean(true));
            }
            try (ManagedKubo node = publicNode(repository).start()) {
                assertEquals(before, withoutApi(KuboConfigFile.of(repository)), "the public settings are back");
                assertFalse(Files.exists(repository.resolve("swarm.key")));
                assertFalse(Files.exists(repository.resolve(SavedPublicNetwork.FILE)));
                outsiderClient.swarm().connect(multiaddr(node));
            }
        }
    }

    @Test
    void aRepositorysOwnSwarmKeyComesBackWithThePublicNetwork() throws Exception {
        Path repository = work.resolve("own-key");
        try (ManagedKubo node = publicNode(repository).start()) {
            assertTrue(node.isRunning());
        }
        SwarmKey own = SwarmKey.generate();
        Files.writeString(repository.resolve("swarm.key"), own.text());
        try (ManagedKubo node = ManagedKubo.builder().binary(KuboBinary.find()).repository(repository)
                .network(KuboNetwork.LOCAL).startupTimeout(PATIENCE).start()) {
            assertTrue(node.isRunning());
        }
        SavedPublicNetwork.read(repository).orElseThrow();
        try (ManagedKubo node = ManagedKubo.builder().binary(KuboBinary.find()).repository(repository)
                .network(KuboNetwork.PRIVATE).swarmKey(swarmKeyFile("other.key", SwarmKey.generate()))
                .swarmAddresses(List.of(LOOPBACK)).routing("none").startupTimeout(PATIENCE).start()) {
            assertTrue(node.isRunning());
        }
        assertTrue(!SwarmKey.read(repository.resolve("swarm.key")).equals(own), "the private network's key in use");
        NodeSettings publicAgain = new NodeSettings(KuboNetwork.PUBLIC, null, List.of(), List.of(), null);
        publicAgain.apply(repository, 0);
        assertEquals(own, SwarmKey.read(repository.resolve("swarm.key")), "its own key, as before LOCAL and PRIVATE");
    }

    @Test
    void applyingANetworkAgainChangesNothingAndPublicPutsBackKubosOwnConfig() throws Exception {
        Path repository = work.resolve("applied");
        Files.createDirectories(repository);
        new KuboRepository(KuboBinary.find(), repository).ipfs("init", "--empty-repo");
        JsonNode initial = KuboConfigFile.of(repository).tree();
        Path config = repository.resolve("config");
        NodeSettings local = new NodeSettings(KuboNetwork.LOCAL, null, List.of(), List.of(), null);
        NodeSettings organisation = new NodeSettings(KuboNetwork.PRIVATE, swarmKeyFile("apply.key", SwarmKey.generate()),
                List.of(), List.of(), null);

        organisation.apply(repository, 5001);
        byte[] written = Files.readAllBytes(config);
        var modified = Files.getLastModifiedTime(config);
        Thread.sleep(20);
        organisation.apply(repository, 5001);
        assertArrayEquals(written, Files.readAllBytes(config));
        assertEquals(modified, Files.getLastModifiedTime(config), "not rewritten");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)), "it holds the private key");

        local.apply(repository, 5001);
        new NodeSettings(KuboNetwork.PUBLIC, null, List.of(), List.of(), null).apply(repository, 5001); // Kubo's API port
        assertEquals(initial, KuboConfigFile.of(repository).tree());
        assertFalse(Files.exists(repository.resolve("swarm.key")));
    }

    @Test
    void settingsThatContradictTheNetworkAreRefusedBeforeAnythingIsMade() {
        Path repository = work.resolve("never");
        Path key = work.resolve("unused.key");
        List<Runnable> refused = List.of(
                () -> builder(repository).network(KuboNetwork.PRIVATE).start(),
                () -> builder(repository).swarmKey(key).start(),
                () -> builder(repository).bootstrap(List.of("/ip4/10.0.0.1/tcp/4001/p2p/12D3KooWabc")).start(),
                () -> builder(repository).network(KuboNetwork.LOCAL).swarmAddresses(List.of(LOOPBACK)).start(),
                () -> builder(repository).network(KuboNetwork.LOCAL).routing("dht").start(),
                () -> builder(repository).network(KuboNetwork.PRIVATE).swarmKey(key).routing("auto").start());
        for (Runnable start : refused) {
            assertThrows(IllegalStateException.class, start::run);
        }
        assertThrows(IllegalArgumentException.class, () -> builder(repository).network(KuboNetwork.PRIVATE).swarmKey(key)
                .swarmAddresses(List.of("/ip4/0.0.0.0/udp/4001/quic-v1")).start());
        assertThrows(IllegalArgumentException.class, () -> builder(repository).network(KuboNetwork.PRIVATE).swarmKey(key)
                .bootstrap(List.of("/ip4/10.0.0.1/tcp/4001")).start());
        assertFalse(Files.exists(repository), "nothing made");
    }

    @Test
    void aSwarmKeyFileThatIsNotOneStopsTheStartSayingWhichFile() throws Exception {
        Path key = work.resolve("broken.key");
        Files.writeString(key, "/key/swarm/psk/1.0.0/\n/base16/\nnot-hex\n");
        KuboStartupException e = assertThrows(KuboStartupException.class,
                () -> privateNode("broken", key, List.of()).start());
        assertEquals(KuboStartupException.Reason.DID_NOT_START, e.reason());
        assertTrue(e.getMessage().contains(key.toString()), e.getMessage());
    }

    private ManagedKuboBuilder builder(Path repository) {
        return ManagedKubo.builder().binary(KuboBinary.find()).repository(repository).startupTimeout(PATIENCE);
    }

    /** A private node on loopback with the network's default routing (a DHT among members). */
    private ManagedKuboBuilder privateNode(String name, Path key, List<String> bootstrap) {
        return builder(work.resolve(name)).network(KuboNetwork.PRIVATE).swarmKey(key).bootstrap(bootstrap)
                .swarmAddresses(List.of(LOOPBACK));
    }

    /** A public node kept on loopback, with no routing: it reaches no one it is not told to. */
    private ManagedKuboBuilder publicNode(String name) {
        return publicNode(work.resolve(name));
    }

    private ManagedKuboBuilder publicNode(Path repository) {
        return builder(repository).swarmAddresses(List.of(LOOPBACK)).routing("none");
    }

    private Path swarmKeyFile(String name, SwarmKey key) throws IOException {
        return Files.writeString(work.resolve(name), key.text());
    }

    private static KuboClient client(ManagedKubo kubo) {
        return KuboClient.builder().api(kubo.api()).timeout(Duration.ofSeconds(10)).build();
    }

    /** The node's loopback TCP address, ending in its peer ID. */
    private static String multiaddr(ManagedKubo kubo) throws IOException {
        try (KuboClient client = client(kubo)) {
            String id = client.node().id().id();
            return client.node().id().addresses().stream()
                    .filter(address -> address.startsWith("/ip4/127.0.0.1/tcp/"))
                    .map(address -> address.contains("/p2p/") ? address : address + "/p2p/" + id)
                    .findFirst().orElseThrow(() -> new AssertionError("no loopback TCP address"));
        }
    }

    private static List<String> peerIds(KuboClient client) throws IOException {
        return client.swarm().peers().stream().map(Peer::peer).toList();
    }

    private static JsonNode config(ManagedKubo kubo) throws IOException {
        return JsonMapper.shared().readTree(Files.readString(kubo.repository().resolve("config")));
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }

    /** The config but for the node's identity and the settings asked for: API, gateway, swarm addresses, routing. */
    private static JsonNode withoutNodeOwnSettings(KuboConfigFile config) {
        ObjectNode copy = config.tree();
        copy.remove("Identity");
        ((ObjectNode) copy.get("Addresses")).remove(List.of("API", "Gateway", "Swarm"));
        ((ObjectNode) copy.get("Routing")).remove("Type");
        return copy;
    }

    /** The config but for the API's address, which a new start may change. */
    private static JsonNode withoutApi(KuboConfigFile config) {
        ObjectNode copy = config.tree();
        ((ObjectNode) copy.get("Addresses")).remove("API");
        return copy;
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + PATIENCE);
            }
            Thread.sleep(200);
        }
    }
}
