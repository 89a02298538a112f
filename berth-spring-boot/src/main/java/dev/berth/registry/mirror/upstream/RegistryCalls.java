package dev.berth.registry.mirror.upstream;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.apache.hc.core5.http.HttpHeaders;

/**
 * Calls to an upstream's {@code /v2/} API: each goes with the authorization its scope needs, is
 * tried once more after a 401 that teaches a scheme or asks for a fresh token, and answers with
 * a status the call accepts or the matching {@link UpstreamException}.
 */
final class RegistryCalls {
    private final Transport transport;
    private final Authenticator authenticator;
    private final URI base;

    RegistryCalls(Transport transport, Authenticator authenticator) {
        this.transport = transport;
        this.authenticator = authenticator;
        this.base = transport.upstream().url();
    }

    Transport transport() {
        return transport;
    }

    Authenticator authenticator() {
        return authenticator;
    }

    /** A deadline of the upstream's request timeout. */
    Deadline deadline() {
        return Deadline.after(transport.upstream().requestTimeout());
    }

    /**
     * Opens a call; the caller closes the reply.
     *
     * @param path the path and query below the registry's URL, already encoded
     * @param scope the token scope the call needs, such as {@code repository:library/alpine:pull}; empty for none
     */
    Response open(String call, String method, String path, Map<String, String> headers, String scope,
                  Set<Integer> accepted, Deadline deadline) throws UpstreamException {
        URI uri = base.resolve(path);
        boolean retried = false;
        while (true) {
            String authorization = authenticator.authorization(scope, deadline);
            Response response = transport.send(call, method, uri, headers, authorization, base, deadline);
            // Only the upstream's own challenges are answered: a host it redirects to gets no credentials.
            if (response.code() == 401 && !retried && Transport.sameOrigin(response.uri(), base)
                    && authenticator.learn(AuthChallenge.parse(response.headers(HttpHeaders.WWW_AUTHENTICATE)), scope, authorization)) {
                transport.discard(response);
                retried = true;
                continue;
            }
            if (accepted.contains(response.code())) {
                return response;
            }
            throw transport.failure(call, response);
        }
    }

    /** The pull scope of a repository, as token realms take it. */
    static String pullScope(String remoteName) {
        return "repository:" + remoteName + ":pull";
    }
}
