package dev.berth.registry.mirror.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class NamespaceFilterTest {
    private final NamespaceFilter filter = new NamespaceFilter(Map.of("docker.io", "docker.io", "registry.example:5000",
            "registry.example_5000"));

    @Test
    void aRepositoryRequestWithAMirroredNamespaceNamesTheMirrorsRepository() {
        Optional<HttpServletRequest> rewritten = filter.rewritten(request("/v2/library/alpine/manifests/3.20", "ns=docker.io"));
        assertThat(rewritten).hasValueSatisfying(request -> {
            assertThat(request.getRequestURI()).isEqualTo("/v2/docker.io/library/alpine/manifests/3.20");
            assertThat(request.getRequestURL().toString()).isEqualTo("http://localhost/v2/docker.io/library/alpine/manifests/3.20");
            assertThat(request.getQueryString()).isEqualTo("ns=docker.io");
        });
        assertThat(filter.rewritten(request("/v2/team/app/blobs/sha256:ab", "ns=registry.example%3A5000")))
                .hasValueSatisfying(request -> assertThat(request.getRequestURI()).isEqualTo("/v2/registry.example_5000/team/app/blobs/sha256:ab"));
    }

    @Test
    void otherRequestsPassUnchanged() {
        assertThat(filter.rewritten(request("/v2/library/alpine/manifests/3.20", null))).isEmpty();
        assertThat(filter.rewritten(request("/v2/library/alpine/manifests/3.20", "ns=ghcr.io"))).isEmpty();
        assertThat(filter.rewritten(request("/v2/", "ns=docker.io"))).isEmpty();
        assertThat(filter.rewritten(request("/v2/_catalog", "ns=docker.io"))).isEmpty();
        assertThat(filter.rewritten(request("/v2/docker.io/library/alpine/manifests/3.20", "ns=docker.io"))).isEmpty();
        assertThat(filter.rewritten(request("/berth/v1/root", "ns=docker.io"))).isEmpty();
    }

    @Test
    void theContextPathStaysInFront() {
        MockHttpServletRequest request = request("/registry/v2/library/alpine/tags/list", "n=10&ns=docker.io");
        request.setContextPath("/registry");
        assertThat(filter.rewritten(request)).hasValueSatisfying(rewritten ->
                assertThat(rewritten.getRequestURI()).isEqualTo("/registry/v2/docker.io/library/alpine/tags/list"));
    }

    private static MockHttpServletRequest request(String uri, String query) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
        request.setQueryString(query);
        return request;
    }
}
