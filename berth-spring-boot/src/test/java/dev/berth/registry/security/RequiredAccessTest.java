package dev.berth.registry.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class RequiredAccessTest {

    @Test
    void anImageCidTakesPullOnItsRepositoryAndTheRootTakesTheCatalog() {
        assertThat(RequiredAccess.of(new MockHttpServletRequest("GET", "/berth/v1/images/lib/app/v1")))
                .containsExactly(Scope.repository("lib/app", Action.PULL));
        assertThat(RequiredAccess.of(new MockHttpServletRequest("GET", "/berth/v1/images/lib/app/sha256:" + "a".repeat(64))))
                .containsExactly(Scope.repository("lib/app", Action.PULL));
        assertThat(RequiredAccess.of(new MockHttpServletRequest("GET", "/berth/v1/root"))).containsExactly(Scope.CATALOG);
    }

    @Test
    void aMalformedImagePathNeedsOnlyALoginAndIsRefusedByTheEndpoint() {
        assertThat(RequiredAccess.of(new MockHttpServletRequest("GET", "/berth/v1/images/app"))).isEmpty();
        assertThat(RequiredAccess.of(new MockHttpServletRequest("GET", "/berth/v1/images/Bad/v1"))).isEmpty();
    }

    @Test
    void anUploadTakesPullAndPushWhateverTheMethod() {
        for (String method : new String[] {"GET", "PATCH", "PUT", "DELETE"}) {
            assertThat(RequiredAccess.of(new MockHttpServletRequest(method, "/v2/lib/app/blobs/uploads/" + java.util.UUID.randomUUID())))
                    .as(method).containsExactly(Scope.repository("lib/app", Action.PULL, Action.PUSH));
        }
    }

    @Test
    void aMountsSourceIsReadFromTheDecodedQuery() {
        MockHttpServletRequest mount = new MockHttpServletRequest("POST", "/v2/lib/app/blobs/uploads/");
        mount.setQueryString("%6Dount=sha256:" + "a".repeat(64) + "&fr%6Fm=team%2Fsecret");
        assertThat(RequiredAccess.of(mount)).containsExactly(Scope.repository("lib/app", Action.PULL, Action.PUSH),
                Scope.repository("team/secret", Action.PULL));
    }
}
