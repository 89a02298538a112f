package dev.berth.registry.mirror.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class UpstreamPropertiesTest {

    @Test
    void upstreamsBindFromPropertiesWithDefaultsForWhatIsLeftOut() {
        UpstreamProperties properties = bind(Map.of(
                "berth.mirror.upstreams[0].name", "docker.io",
                "berth.mirror.upstreams[0].url", "https://registry-1.docker.io",
                "berth.mirror.upstreams[0].username", "alice",
                "berth.mirror.upstreams[0].password", "s3cret",
                "berth.mirror.upstreams[0].include", "library/*,team/**",
                "berth.mirror.upstreams[0].exclude", "team/secret/**",
                "berth.mirror.upstreams[0].tag-ttl", "30s",
                "berth.mirror.upstreams[1].name", "ghcr.io",
                "berth.mirror.upstreams[1].url", "https://ghcr.io/",
                "berth.mirror.group[0].tree", "/ipns/mirrors.example.com"));
        UpstreamProperties.Upstream hub = properties.upstreams().get(0);
        assertThat(hub.url()).isEqualTo(URI.create("https://registry-1.docker.io"));
        assertThat(hub.hasCredentials()).isTrue();
        assertThat(hub.tagTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(hub.isDockerHub()).isTrue();
        UpstreamProperties.Upstream ghcr = properties.upstreams().get(1);
        assertThat(ghcr.url()).isEqualTo(URI.create("https://ghcr.io"));
        assertThat(ghcr.hasCredentials()).isFalse();
        assertThat(ghcr.isDockerHub()).isFalse();
        assertThat(ghcr.tagTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(ghcr.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ghcr.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ghcr.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.group()).containsExactly(new UpstreamProperties.PeerTree("/ipns/mirrors.example.com"));
    }

    @Test
    void theGroupTimeoutAndCacheLimitsBindWithDefaults() {
        UpstreamProperties properties = bind(Map.of(
                "berth.mirror.upstreams[0].name", "docker.io",
                "berth.mirror.upstreams[0].url", "https://registry-1.docker.io",
                "berth.mirror.upstreams[0].bare-names", "true",
                "berth.mirror.group-timeout", "2s",
                "berth.mirror.cache.max-size", "20GB",
                "berth.mirror.cache.max-idle", "30d"));
        assertThat(properties.upstreams().get(0).bareNames()).isTrue();
        assertThat(properties.groupTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.cache().maxSize()).isEqualTo(DataSize.ofGigabytes(20));
        assertThat(properties.cache().maxIdle()).isEqualTo(Duration.ofDays(30));
        assertThat(properties.cache().checkInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(properties.cache().limited()).isTrue();
        UpstreamProperties defaults = bind(Map.of("berth.other", "x"));
        assertThat(defaults.groupTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.cache().limited()).isFalse();
    }

    @Test
    void onlyOneUpstreamTakesBareNames() {
        URI url = URI.create("https://registry.example");
        assertThatThrownBy(() -> UpstreamProperties.of(List.of(UpstreamProperties.Upstream.of("docker.io", url).withBareNames(true),
                UpstreamProperties.Upstream.of("ghcr.io", url).withBareNames(true)))).hasMessageContaining("only one upstream");
        assertThat(UpstreamProperties.Upstream.of("registry.example:5000", url).pathPrefix()).isEqualTo("registry.example_5000");
    }

    @Test
    void noMirrorPropertiesMeanNoUpstreams() {
        assertThat(bind(Map.of("berth.other", "x")).upstreams()).isEmpty();
    }

    @Test
    void includeAndExcludeGlobsChooseTheMirroredRepositories() {
        UpstreamProperties.Upstream upstream = new UpstreamProperties.Upstream("docker.io", URI.create("https://registry-1.docker.io"),
                null, null, List.of("library/*", "team/**"), List.of("team/secret/**"), null, null, null, null, false);
        assertThat(upstream.mirrors("library/alpine")).isTrue();
        assertThat(upstream.mirrors("library/a/b")).isFalse();
        assertThat(upstream.mirrors("team/app/api")).isTrue();
        assertThat(upstream.mirrors("team/secret/keys")).isFalse();
        assertThat(upstream.mirrors("other/app")).isFalse();
        assertThat(UpstreamProperties.Upstream.of("ghcr.io", URI.create("https://ghcr.io")).mirrors("any/thing")).isTrue();
    }

    @Test
    void thePasswordNeverShows() {
        UpstreamProperties.Upstream upstream = UpstreamProperties.Upstream.of("docker.io", URI.create("https://registry-1.docker.io"))
                .withCredentials("alice", "hunter2-password");
        assertThat(upstream.toString()).contains("alice").doesNotContain("hunter2-password");
    }

    @Test
    void badSettingsAreRefusedWhenMade() {
        URI url = URI.create("https://registry.example");
        assertThatThrownBy(() -> UpstreamProperties.Upstream.of("Docker.IO", url)).hasMessageContaining("lowercase host");
        assertThatThrownBy(() -> UpstreamProperties.Upstream.of("docker.io/library", url)).hasMessageContaining("host[:port]");
        assertThatThrownBy(() -> UpstreamProperties.Upstream.of("docker.io", URI.create("ftp://registry.example")))
                .hasMessageContaining("http(s)");
        assertThatThrownBy(() -> UpstreamProperties.Upstream.of("docker.io", URI.create("https://registry.example/v2/")))
                .hasMessageContaining("without user, path");
        assertThatThrownBy(() -> UpstreamProperties.Upstream.of("docker.io", URI.create("https://bob:pw@registry.example")))
                .hasMessageContaining("without user");
        assertThatThrownBy(() -> UpstreamProperties.Upstream.of("docker.io", url).withCredentials("alice", null))
                .hasMessageContaining("both username and password");
        assertThatThrownBy(() -> UpstreamProperties.Upstream.of("docker.io", url).withCredentials("al:ice", "pw"))
                .hasMessageContaining("':'");
        assertThatThrownBy(() -> UpstreamProperties.Upstream.of("docker.io", url).withTimeouts(Duration.ZERO, null, null))
                .hasMessageContaining("connect-timeout must be positive");
        assertThatThrownBy(() -> new UpstreamProperties.Upstream("docker.io", url, null, null, List.of("Library/*"), null,
                null, null, null, null, false)).hasMessageContaining("include globs");
        assertThatThrownBy(() -> new UpstreamProperties.PeerTree("/ipfs/")).hasMessageContaining("/ipfs/<cid>");
        UpstreamProperties.Upstream one = UpstreamProperties.Upstream.of("docker.io", url);
        assertThatThrownBy(() -> UpstreamProperties.of(List.of(one, one))).hasMessageContaining("twice");
    }

    @Test
    void bindingReportsTheBadProperty() {
        assertThatThrownBy(() -> bind(Map.of("berth.mirror.upstreams[0].name", "docker.io",
                "berth.mirror.upstreams[0].url", "registry-1.docker.io")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("http(s) URL");
    }

    private static UpstreamProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("berth.mirror", UpstreamProperties.class);
    }
}
