package dev.berth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.OciLayout;
import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clients push to a registry, pull into a clean local state, and compare digests. A subclass
 * says which registry (Berth on a given driver).
 */
abstract class ClientRoundTrips {
    @TempDir
    Path work;

    /** The registry under test. */
    protected abstract RegistryProcess registry();

    @Test
    void cranePushesARealImageThatPullsBackAndRuns() throws IOException {
        String image = registry().host() + "/berth/busybox:1.0";
        Path layer = busyboxLayer();
        Tools.tool("crane", work, "append", "-f", layer.toString(), "-t", image);
        String digest = Tools.tool("crane", work, "digest", image).strip();
        assertTrue(digest.startsWith("sha256:"), digest);

        Path pulled = work.resolve("pulled");
        Tools.tool("crane", work, "pull", "--format=oci", image, pulled.toString());
        assertTrue(Files.readString(pulled.resolve("index.json")).contains(digest), "the pulled layout names " + digest);
        Path manifest = pulled.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
        assertEquals(digest.substring("sha256:".length()), OciLayout.sha256(Files.readAllBytes(manifest)));

        Path rootfs = Files.createDirectories(work.resolve("rootfs"));
        Path exported = work.resolve("exported.tar");
        Tools.tool("crane", work, "export", image, exported.toString());
        Tools.run(List.of("tar", "-xf", exported.toString(), "-C", rootfs.toString()), work, Duration.ofMinutes(1));
        String said = Tools.run(List.of(rootfs.resolve("bin/busybox").toString(), "echo", "hello from berth"), work,
                Duration.ofSeconds(30)).stdout();
        assertEquals("hello from berth", said.strip());
    }

    @Test
    void craneCopiesListsAndDeletes() {
        String source = registry().host() + "/berth/copy-source:v1";
        String target = registry().host() + "/berth/copy-target:v1";
        Tools.tool("crane", work, "append", "-f", busyboxLayer().toString(), "-t", source);
        String digest = Tools.tool("crane", work, "digest", source).strip();

        Tools.tool("crane", work, "copy", source, target);
        assertEquals(digest, Tools.tool("crane", work, "digest", target).strip());
        Tools.tool("crane", work, "tag", target, "v2");
        assertEquals(List.of("v1", "v2"), Tools.tool("crane", work, "ls", registry().host() + "/berth/copy-target")
                .lines().sorted().toList());

        Tools.tool("crane", work, "delete", registry().host() + "/berth/copy-target@" + digest);
        Tools.Result gone = Tools.tryRun(List.of(Tools.path("crane").toString(), "digest", target), work, Duration.ofMinutes(1));
        assertNotEquals(0, gone.exitCode(), "the deleted manifest is gone");
        assertTrue(gone.stderr().contains("MANIFEST_UNKNOWN"), gone.stderr());
        assertEquals(digest, Tools.tool("crane", work, "digest", source).strip(), "the source repository keeps its image");
    }

    @Test
    void orasPushesPullsAttachesAndDiscovers() throws IOException {
        String artifact = registry().host() + "/berth/artifact:v1";
        Path files = Files.createDirectories(work.resolve("push"));
        Files.writeString(files.resolve("notes.txt"), "an artifact stored on IPFS\n");
        Tools.tool("oras", files, "push", "--plain-http", "--artifact-type", "application/vnd.berth.test.notes",
                artifact, "notes.txt:text/plain");

        Path pulled = Files.createDirectories(work.resolve("pull"));
        Tools.tool("oras", pulled, "pull", "--plain-http", artifact, "-o", pulled.toString());
        assertEquals("an artifact stored on IPFS\n", Files.readString(pulled.resolve("notes.txt")));

        Files.writeString(files.resolve("signature.txt"), "signed\n");
        Tools.tool("oras", files, "attach", "--plain-http", "--artifact-type", "application/vnd.berth.test.signature",
                artifact, "signature.txt:text/plain");
        String referrers = Tools.tool("oras", work, "discover", "--plain-http", "--format", "json", artifact);
        assertTrue(referrers.contains("application/vnd.berth.test.signature"), referrers);
    }

    @Test
    void skopeoCopiesAMultiPlatformIndexInAndOut() throws IOException {
        Path source = work.resolve("source-layout");
        OciLayout.Descriptor index = OciLayout.multiPlatformIndex(source, "multi", List.of("amd64", "arm64", "riscv64"));
        String remote = "docker://" + registry().host() + "/berth/multi:latest";
        Tools.tool("skopeo", work, "copy", "--all", "--preserve-digests", "--dest-tls-verify=false",
                "oci:" + source + ":multi", remote);

        Path back = work.resolve("back-layout");
        Tools.tool("skopeo", work, "copy", "--all", "--preserve-digests", "--src-tls-verify=false", remote,
                "oci:" + back + ":multi");
        assertTrue(Files.readString(back.resolve("index.json")).contains(index.digest()),
                "the copied-back layout holds index " + index.digest());
        String inspected = Tools.tool("skopeo", work, "inspect", "--raw", "--tls-verify=false", remote);
        assertEquals(index.digest().substring("sha256:".length()), OciLayout.sha256(inspected.getBytes()));
    }

    /** A layer holding a static busybox as /bin/busybox. */
    private Path busyboxLayer() {
        try {
            Path staging = Files.createDirectories(work.resolve("busybox-layer/bin"));
            Files.copy(Tools.path("busybox"), staging.resolve("busybox"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Path tar = work.resolve("busybox-layer.tar");
            Tools.run(List.of("tar", "--owner=0", "--group=0", "--numeric-owner", "-cf", tar.toString(),
                    "-C", work.resolve("busybox-layer").toString(), "bin"), work, Duration.ofMinutes(1));
            return tar;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
