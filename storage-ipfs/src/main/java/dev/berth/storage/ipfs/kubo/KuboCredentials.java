package dev.berth.storage.ipfs.kubo;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Credentials for a Kubo RPC API protected by {@code API.Authorizations}, sent as an
 * {@code Authorization} header on every call.
 *
 * @param header the value of the {@code Authorization} header
 */
public record KuboCredentials(String header) {
    public KuboCredentials {
        if (header == null || header.isBlank() || header.indexOf('\n') >= 0 || header.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an Authorization header value is one non-blank line");
        }
    }

    /** Kubo's {@code basic:user:password} secret. */
    public static KuboCredentials basic(String user, String password) {
        if (user == null || user.isEmpty() || user.indexOf(':') >= 0 || password == null) {
            throw new IllegalArgumentException("basic credentials need a user without ':' and a password");
        }
        String pair = user + ":" + password;
        return new KuboCredentials("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    /** Kubo's {@code bearer:token} secret. */
    public static KuboCredentials bearer(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a bearer token must not be blank");
        }
        return new KuboCredentials("Bearer " + token);
    }

    @Override
    public String toString() {
        return "KuboCredentials[" + header.substring(0, header.indexOf(' ')) + " ***]";
    }
}
