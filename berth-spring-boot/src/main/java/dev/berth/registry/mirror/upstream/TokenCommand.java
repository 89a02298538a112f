package dev.berth.registry.mirror.upstream;

import dev.berth.registry.mirror.upstream.UpstreamInvalidResponseException.Reason;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hc.core5.net.URIBuilder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET <realm>?service=...&scope=...}: a bearer token from the realm an upstream's challenge
 * names (Docker's token authentication), with the upstream's credentials over basic auth or
 * anonymously. The reply's {@code token} (or OAuth's {@code access_token}) and {@code expires_in}
 * (60 s when missing, as the protocol says) are read from at most 256 KiB of JSON.
 */
final class TokenCommand {
    static final int MAX_REPLY = 256 * 1024;
    private static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);
    private static final Duration MAX_LIFETIME = Duration.ofDays(1);
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(?:\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private final Transport transport;

    TokenCommand(Transport transport) {
        this.transport = transport;
    }

    /** A token for the scope (space-separated scopes; empty for none) from the challenge's realm. */
    BearerToken fetch(AuthChallenge challenge, String scope, Deadline deadline) throws UpstreamException {
        String call = "token for " + (scope.isEmpty() ? "the registry" : scope);
        URI realm = realm(call, challenge);
        URI uri;
        try {
            URIBuilder builder = new URIBuilder(realm);
            challenge.service().ifPresent(service -> builder.addParameter("service", service));
            for (String one : scope.split(" ")) {
                if (!one.isEmpty()) {
                    builder.addParameter("scope", one);
                }
            }
            uri = builder.build();
        } catch (URISyntaxException e) {
            throw transport.invalid(call, Reason.MALFORMED, "an unusable token realm");
        }
        var upstream = transport.upstream();
        String authorization = upstream.hasCredentials()
                ? "Basic " + Base64.getEncoder().encodeToString(
                        (upstream.username() + ":" + upstream.password()).getBytes(StandardCharsets.UTF_8))
                : null;
        Response response = transport.send(call, "GET", uri, Map.of("Accept", "application/json"), authorization,
                origin(realm), deadline);
        if (response.code() != 200) {
            throw transport.failure(call, response);
        }
        byte[] body;
        try (response) {
            body = transport.readBody(call, response, MAX_REPLY, "token reply", deadline);
        }
        return parse(call, body);
    }

    private BearerToken parse(String call, byte[] body) throws UpstreamException {
        JsonNode reply;
        try {
            reply = UpstreamJson.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw transport.invalid(call, Reason.MALFORMED, "the token reply is not JSON");
        }
        String token = text(reply, "token");
        if (token == null) {
            token = text(reply, "access_token");
        }
        if (token == null) {
            throw transport.invalid(call, Reason.MALFORMED, "the token reply holds no token");
        }
        Duration lifetime = DEFAULT_LIFETIME;
        JsonNode expiresIn = reply.path("expires_in");
        if (expiresIn.isIntegralNumber() && expiresIn.asLong() > 0) {
            lifetime = Duration.ofSeconds(Math.min(expiresIn.asLong(), MAX_LIFETIME.toSeconds()));
        }
        try {
            return BearerToken.received(token, lifetime, Instant.now());
        } catch (IllegalArgumentException e) {
            throw transport.invalid(call, Reason.MALFORMED, "the token reply holds something that is not a bearer token");
        }
    }

    private URI realm(String call, AuthChallenge challenge) throws UpstreamException {
        String value = challenge.realm().orElseThrow(() ->
                transport.invalid(call, Reason.MALFORMED, "a bearer challenge without a realm"));
        URI realm;
        try {
            realm = new URI(value);
        } catch (URISyntaxException e) {
            throw transport.invalid(call, Reason.MALFORMED, "a bearer challenge whose realm is not a URL");
        }
        String scheme = realm.getScheme() == null ? "" : realm.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || realm.getHost() == null) {
            throw transport.invalid(call, Reason.MALFORMED, "a bearer challenge whose realm is not an http(s) URL");
        }
        // Credentials that travel over TLS to the registry do not travel in clear to its realm.
        if (transport.upstream().url().getScheme().equals("https") && scheme.equals("http")) {
            throw transport.invalid(call, Reason.MALFORMED, "an https registry whose token realm is plain http: " + realm.getHost());
        }
        if (isInternalLiteral(realm.getHost()) && !isInternalLiteral(transport.upstream().url().getHost())
                && !Transport.sameOrigin(realm, transport.upstream().url())) {
            // A public registry naming an internal address as its realm would make this node call it.
            throw transport.invalid(call, Reason.MALFORMED, "a token realm on an internal address: " + realm.getHost());
        }
        return realm;
    }

    /**
     * Whether a host is an IP literal of a loopback, link-local (cloud metadata), private or
     * unspecified address, or {@code localhost}. Names are not resolved.
     */
    static boolean isInternalLiteral(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!IPV4.matcher(literal).matches() && !(literal.contains(":") && IPV6.matcher(literal).matches())) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByName(literal); // a literal: no lookup
            return address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                    || address.isAnyLocalAddress()
                    || address instanceof java.net.Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc; // fc00::/7
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static URI origin(URI uri) {
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
    }

    private static String text(JsonNode reply, String field) {
        JsonNode node = reply == null ? null : reply.path(field);
        return node != null && node.isString() && !node.asString().isEmpty() ? node.asString() : null;
    }
}
