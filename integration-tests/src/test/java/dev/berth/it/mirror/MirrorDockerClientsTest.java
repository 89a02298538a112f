package dev.berth.it.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.it.support.CriContainerd;
import dev.berth.it.support.DockerDaemon;
import dev.berth.it.support.RegistryProcess;
import dev.berth.it.support.TokenAuthDistribution;
import dev.berth.it.support.TokenServer;
import dev.berth.it.support.Tools;
import dev.berth.it.support.UpstreamImages;
import dev.berth.storage.ipfs.testing.KuboNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker and containerd pulling Docker Hub names through Berth as their mirror, the way they are
 * configured for one: dockerd's {@code registry-mirrors} (which sends bare names such as
 * {@code library/hello}: the upstream opts in with {@code bare-names}) and containerd's
 * {@code hosts.toml} (which adds {@code ?ns=docker.io}). Docker Hub itself is out of reach here, so
 * a pull that succeeds went through the mirror, whose upstream "docker.io" is a token-auth
 * distribution. The image is a static busybox, which docker then runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MirrorDockerClientsTest {
    private static final String PASSWORD = "clients-5ecret";
    private static final Duration MINUTES = Duration.ofMinutes(5);

    @TempDir
    static Path work;
    private TokenServer tokens;
    private TokenAuthDistribution upstream;
    private KuboNode kubo;
    private RegistryProcess mirror;
    private DockerDaemon docker;
    private String hello;
    private String forContainerd;
    private String forNodes;

    @BeforeAll
    void start() throws IOException {
        tokens = TokenServer.start(work.resolve("tokens"), "berth-test-upstream", Map.of("alice", PASSWORD), List.of(), Duration.ofMinutes(5));
        upstream = TokenAuthDistribution.start("mirror-clients-upstream", work.resolve("upstream"), tokens);
        UpstreamImages images = UpstreamImages.loggedIn(upstream.host(), "alice", PASSWORD, work.resolve("crane"));
        Path layer = busyboxLayer();
        hello = images.pushLayers("library/hello", "latest", "linux/amd64", layer);
        forContainerd = images.pushLayers("library/ctr", "v1", "linux/amd64", layer);
        images.pushLayers("library/tool", "v1", "linux/amd64", layer);
        forNodes = images.pushLayers("library/node", "v1", "linux/amd64", layer);
        kubo = KuboNode.start();
        List<String> arguments = new ArrayList<>(MirrorHttp.upstream(0, "docker.io", upstream.url(), "alice", PASSWORD, "bare-names=true"));
        mirror = RegistryProcess.berthOnIpfs("mirror-clients", kubo, arguments.toArray(String[]::new));
        docker = DockerDaemon.startWithConfig("mirror-clients-dockerd", "{\"registry-mirrors\": [\"" + mirror.url() + "\"]}");
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable part : new AutoCloseable[] {docker, mirror, kubo, upstream, tokens}) {
            if (part != null) {
                part.close();
            }
        }
    }

    @Test
    void dockerPullsADockerHubNameThroughRegistryMirrorsAndRunsIt() throws Exception {
        docker.docker(MINUTES, "pull", "hello:latest");
        String repoDigests = docker.docker(MINUTES, "image", "inspect", "--format", "{{json .RepoDigests}}", "hello:latest");
        assertTrue(repoDigests.contains("hello@" + hello), repoDigests);
        assertEquals("hello through the mirror\n",
                docker.docker(MINUTES, "run", "--rm", "--network", "none", "hello:latest", "/bin/busybox", "cat", "/hello.txt"));
        assertEquals("hit", MirrorHttp.servedFrom(MirrorHttp.get(mirror.url().resolve("/v2/docker.io/library/hello/manifests/" + hello))),
                "what docker pulled is in the cache");
    }

    @Test
    void dockerPullsByPath() {
        String reference = mirror.host() + "/docker.io/library/hello:latest";
        docker.docker(MINUTES, "pull", reference);
        String repoDigests = docker.docker(MINUTES, "image", "inspect", "--format", "{{json .RepoDigests}}", reference);
        assertTrue(repoDigests.contains(hello), repoDigests);
    }

    @Test
    void containerdPullsThroughTheMirrorItsHostsTomlNames() throws Exception {
        Path hosts = Files.createDirectories(work.resolve("hosts.d/docker.io"));
        Files.writeString(hosts.resolve("hosts.toml"), """
                server = "https://registry-1.docker.io"

                [host."%s"]
                  capabilities = ["pull", "resolve"]
                """.formatted(mirror.url()));
        String pulled = Tools.run(List.of(DockerDaemon.command("ctr").toString(), "--address", docker.containerdSocket().toString(),
                "-n", "berth-mirror", "images", "pull", "--hosts-dir", work.resolve("hosts.d").toString(),
                "docker.io/library/ctr:v1"), work, MINUTES).stdout();
        assertTrue(pulled.contains(forContainerd), pulled);
        String listed = Tools.run(List.of(DockerDaemon.command("ctr").toString(), "--address", docker.containerdSocket().toString(),
                "-n", "berth-mirror", "images", "ls"), work, MINUTES).stdout();
        assertTrue(listed.contains("docker.io/library/ctr:v1") && listed.contains(forContainerd), listed);
        assertEquals("hit", MirrorHttp.servedFrom(MirrorHttp.get(mirror.url().resolve("/v2/docker.io/library/ctr/manifests/" + forContainerd))));
    }

    /**
     * A Kubernetes node's containerd (the CRI plugin, which the kubelet asks for images) reads the same
     * {@code hosts.toml} once its config names the folder (the README's configuration); Docker Hub
     * itself cannot be reached from here, so a pull that succeeds came through the mirror.
     */
    @Test
    void aKubernetesNodesContainerdPullsThroughTheMirrorItsConfigPathNames() throws Exception {
        Path certs = work.resolve("certs.d");
        Files.writeString(Files.createDirectories(certs.resolve("docker.io")).resolve("hosts.toml"), """
                server = "https://registry-1.docker.io"

                [host."%s"]
                  capabilities = ["pull", "resolve"]
                """.formatted(mirror.url()));
        try (CriContainerd node = CriContainerd.start("mirror-clients-cri", certs)) {
            node.crictl("pull", "docker.io/library/node:v1");
            String image = node.crictl("inspecti", "-o", "json", "docker.io/library/node:v1");
            assertTrue(image.contains("docker.io/library/node@" + forNodes), image);
        }
        assertEquals("hit", MirrorHttp.servedFrom(MirrorHttp.get(mirror.url().resolve("/v2/docker.io/library/node/manifests/" + forNodes))));
    }

    @Test
    void aBareNameBecomesThisRegistrysOwnOnceSomethingIsPushedToIt() throws Exception {
        String tool = mirror.host() + "/library/tool";
        crane("pull", tool + ":v1", work.resolve("tool.tar").toString());
        // crane finds the layers through the mirror and uploads none; the push mounts them from the cache
        crane("copy", upstream.host() + "/library/tool:v1", tool + ":ours");
        HttpResponse<byte[]> ours = MirrorHttp.get(mirror.url().resolve("/v2/library/tool/manifests/ours"));
        assertEquals(200, ours.statusCode());
        assertEquals("none", MirrorHttp.servedFrom(ours), "the repository is local now");
        assertEquals(404, MirrorHttp.get(mirror.url().resolve("/v2/library/tool/manifests/v1")).statusCode(),
                "and the mirror leaves its name alone");
        crane("pull", tool + ":ours", work.resolve("ours.tar").toString());
    }

    private String crane(String... args) {
        return Tools.tool(Map.of("DOCKER_CONFIG", work.resolve("crane/docker-config").toString()), "crane", work, args);
    }

    /** A layer holding a static busybox at /bin/busybox and /hello.txt. */
    private static Path busyboxLayer() throws IOException {
        Path staging = Files.createDirectories(work.resolve("layer/bin"));
        Files.copy(Tools.path("busybox"), staging.resolve("busybox"));
        Files.writeString(staging.getParent().resolve("hello.txt"), "hello through the mirror\n");
        Path tar = work.resolve("busybox-layer.tar");
        Tools.run(List.of("tar", "--sort=name", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner", "-cf", tar.toString(),
                "-C", staging.getParent().toString(), "bin", "hello.txt"), work, Duration.ofMinutes(1));
        return tar;
    }
}
