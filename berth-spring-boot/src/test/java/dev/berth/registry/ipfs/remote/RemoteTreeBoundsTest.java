package dev.berth.registry.ipfs.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.testing.RawHttp;
import dev.berth.storage.ipfs.testing.KuboExtension;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Trees anyone may publish, read over a real Kubo: however wide or big they are, a pull reads a
 * bounded part of them and answers within its time.
 */
@SpringBootTest(classes = RemoteTreeBoundsTest.Registry.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RemoteTreeBoundsTest {
    @RegisterExtension
    static final KuboExtension KUBO = new KuboExtension();

    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry meters;
    @TempDir
    Path work;

    @DynamicPropertySource
    static void ipfs(DynamicPropertyRegistry properties) {
        properties.add("berth.storage.driver", () -> "ipfs");
        properties.add("berth.storage.ipfs.api", () -> KUBO.node().api().toString());
        properties.add("berth.remote.timeout", () -> "5s");
    }

    @Test
    void theSearchForATreesOnlyRepositoryIsBoundedAndNamingTheRepositoryStillWorks() throws Exception {
        Path tree = Files.createDirectories(work.resolve("wide"));
        for (int i = 0; i < 1200; i++) {
            Files.writeString(Files.createDirectories(tree.resolve("repositories/folder" + i)).resolve("file"), "x");
        }
        Files.writeString(Files.createDirectories(tree.resolve("repositories/zz/app/_manifests/tags/v1/current")).resolve("link"),
                "sha256:" + "a".repeat(64));
        String cid = add(tree);

        long started = System.nanoTime();
        RawHttp.Response unnamed = new RawHttp(port).send("GET", "/v2/ipfs/" + cid + "/tags/list");
        assertThat(unnamed.status()).isEqualTo(404);
        assertThat(unnamed.errorCode()).isEqualTo("NAME_UNKNOWN");
        // whichever bound it meets first, entries or time
        assertThat(unnamed.body()).containsPattern("more than 1000 entries|took longer than PT5S").contains("name its repository");
        assertThat(System.nanoTime() - started).as("nanoseconds").isLessThan(60_000_000_000L);

        RawHttp.Response named = new RawHttp(port).send("GET", "/v2/ipfs/" + cid + "/zz/app/tags/list");
        assertThat(named.status()).as(named.body()).isEqualTo(200);
        assertThat(named.body()).contains("\"v1\"");
    }

    @Test
    void anOversizedSmallFileIsNoTagAndIsNotRead() throws Exception {
        Path tree = Files.createDirectories(work.resolve("big"));
        Path tag = Files.createDirectories(tree.resolve("repositories/app/_manifests/tags/big/current"));
        Files.write(tag.resolve("link"), new byte[10 * 1024 * 1024]);
        String cid = add(tree);
        double before = treeBytesRead();

        RawHttp.Response response = new RawHttp(port).send("GET", "/v2/ipfs/" + cid + "/app/manifests/big");
        assertThat(response.status()).as(response.body()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("MANIFEST_UNKNOWN");
        assertThat(treeBytesRead() - before).isLessThan(1024 * 1024);
    }

    private String add(Path tree) throws Exception {
        return KUBO.node().ipfs("add", "-r", "-Q", "--cid-version=1", tree.toString()).trim();
    }

    private double treeBytesRead() {
        return meters.find("berth.storage.bytes.read").tag("driver", "ipfs-tree").counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Registry {
    }
}
