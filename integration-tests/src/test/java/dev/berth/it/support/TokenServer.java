package dev.berth.it.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Docker token server for tests, as CNCF distribution's {@code auth: token} expects one: at
 * {@code GET /token?service=...&scope=...} it checks basic credentials (none means anonymous, wrong
 * ones get 401) and answers {@code {"token","access_token","expires_in","issued_at"}} with an ES256
 * JWT granting the requested scopes: everything asked for to a user who logged in, pull of the
 * public repositories to anyone, nothing else.
 *
 * <p>Distribution v3 finds the key that signed a token through the token's JOSE header: a chain in
 * {@code x5c} that must verify against {@code rootcertbundle}, else a {@code jwk}, else a
 * {@code kid} that must be the RFC 7638 thumbprint of a bundle key (v2's libtrust key IDs are gone).
 * The tokens here carry the self-signed certificate in {@code x5c} (unless told not to) and its thumbprint as {@code kid},
 * and the certificate is the whole bundle.
 */
public final class TokenServer implements AutoCloseable {
    /** What the server was asked for: the user (empty for anonymous) and the scopes. */
    public record TokenRequest(Optional<String> user, List<String> scopes) {}

    private final HttpServer server;
    private final String service;
    private final String issuer;
    private final Map<String, String> users;
    private final List<String> publicRepositories;
    private final AtomicReference<Duration> lifetime;
    private final ECPrivateKey key;
    private final X509Certificate certificate;
    private final String keyId;
    private final Path bundle;
    private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();
    private volatile boolean certificateInTokens = true;

    private TokenServer(Path dir, String service, Map<String, String> users, List<String> publicRepositories,
                        Duration lifetime) throws IOException {
        this.service = service;
        this.issuer = "berth-test-token-issuer";
        this.users = Map.copyOf(users);
        this.publicRepositories = List.copyOf(publicRepositories);
        this.lifetime = new AtomicReference<>(lifetime);
        Path keyStore = dir.resolve("token-issuer.p12");
        Tools.run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "issuer", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=" + issuer, "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", "changeit", "-keypass", "changeit"), dir, Duration.ofMinutes(1));
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, "changeit".toCharArray());
            this.key = (ECPrivateKey) store.getKey("issuer", "changeit".toCharArray());
            this.certificate = (X509Certificate) store.getCertificate("issuer");
            this.keyId = distributionKeyId((ECPublicKey) certificate.getPublicKey());
            this.bundle = dir.resolve("token-issuer.pem");
            Files.writeString(bundle, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
        } catch (Exception e) {
            throw new IOException("could not make the token issuer's key and certificate", e);
        }
        // Where "localhost" also resolves to ::1, clients try 127.0.0.1 next.
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/token", this::token);
        server.start();
    }

    /**
     * Starts a token server.
     *
     * @param dir where its key and certificate bundle go
     * @param users user names and passwords that may log in
     * @param publicRepositories repositories anyone may pull, logged in or not
     * @param lifetime the tokens' {@code expires_in}
     */
    public static TokenServer start(Path dir, String service, Map<String, String> users, List<String> publicRepositories,
                                    Duration lifetime) throws IOException {
        return new TokenServer(Files.createDirectories(dir), service, users, publicRepositories, lifetime);
    }

    /**
     * The realm, as distribution's challenges name it. By host name: crane (go-containerregistry
     * v0.21) refuses a realm on a loopback or private IP literal other than the registry's own
     * host:port, as a guard against a registry pointing its clients at internal addresses.
     */
    public URI realm() {
        return URI.create("http://localhost:" + server.getAddress().getPort() + "/token");
    }

    public String service() {
        return service;
    }

    public String issuer() {
        return issuer;
    }

    /** The PEM file distribution takes as {@code rootcertbundle}. */
    public Path certificateBundle() {
        return bundle;
    }

    /** Every token request answered with a token, in order. */
    public List<TokenRequest> requests() {
        return List.copyOf(requests);
    }

    /**
     * Whether tokens issued from now on carry the certificate ({@code x5c}) beside the key's
     * thumbprint ({@code kid}); without it, distribution must find the key by the thumbprint alone.
     */
    public void certificateInTokens(boolean include) {
        certificateInTokens = include;
    }

    /** Changes the lifetime of the tokens issued from now on. */
    public void lifetime(Duration newLifetime) {
        lifetime.set(newLifetime);
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
            if (!List.of(service).equals(query.getOrDefault("service", List.of()))) {
                reply(exchange, 400, "{\"details\":\"unknown service\"}");
                return;
            }
            Optional<String> user;
            try {
                user = authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
            } catch (SecurityException wrong) {
                reply(exchange, 401, "{\"details\":\"incorrect username or password\"}");
                return;
            }
            List<String> scopes = query.getOrDefault("scope", List.of());
            requests.add(new TokenRequest(user, scopes));
            reply(exchange, 200, tokenReply(user, scopes));
        }
    }

    private Optional<String> authenticate(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new SecurityException("not basic auth");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new SecurityException("bad basic auth");
        }
        int colon = decoded.indexOf(':');
        String name = colon < 0 ? decoded : decoded.substring(0, colon);
        String password = colon < 0 ? "" : decoded.substring(colon + 1);
        if (!password.equals(users.get(name))) {
            throw new SecurityException("wrong credentials");
        }
        return Optional.of(name);
    }

    private String tokenReply(Optional<String> user, List<String> scopes) throws IOException {
        List<Map<String, Object>> access = new ArrayList<>();
        for (String scope : scopes) {
            int first = scope.indexOf(':');
            int last = scope.lastIndexOf(':');
            if (first < 0 || last <= first) {
                continue;
            }
            String type = scope.substring(0, first);
            String name = scope.substring(first + 1, last);
            List<String> wanted = List.of(scope.substring(last + 1).split(","));
            List<String> granted = user.isPresent() ? wanted
                    : type.equals("repository") && publicRepositories.contains(name) && wanted.contains("pull")
                    ? List.of("pull") : List.of();
            access.add(Map.of("type", type, "name", name, "actions", granted));
        }
        Instant now = Instant.now();
        Duration expiresIn = lifetime.get();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(user.orElse(""))
                .audience(service)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plus(expiresIn)))
                .jwtID(UUID.randomUUID().toString())
                .claim("access", access)
                .build();
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID(keyId);
        if (certificateInTokens) {
            header.x509CertChain(List.of(com.nimbusds.jose.util.Base64.encode(encoded())));
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IOException("could not sign a token", e);
        }
        String token = jwt.serialize();
        return "{\"token\":\"" + token + "\",\"access_token\":\"" + token + "\",\"expires_in\":" + expiresIn.toSeconds()
                + ",\"issued_at\":\"" + now + "\"}";
    }

    /**
     * The key's JWK thumbprint as distribution v3.1.1 computes it to find a {@code kid}: from the
     * coordinates' minimal big-endian bytes, where RFC 7638 (and Nimbus) pad them to 32 bytes. The
     * two differ for the one key in 128 whose x or y starts with a zero byte.
     */
    static String distributionKeyId(ECPublicKey key) {
        String json = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + minimalBase64Url(key.getW().getAffineX())
                + "\",\"y\":\"" + minimalBase64Url(key.getW().getAffineY()) + "\"}";
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String minimalBase64Url(java.math.BigInteger coordinate) {
        byte[] bytes = coordinate.toByteArray();
        int start = 0;
        while (start < bytes.length - 1 && bytes[start] == 0) {
            start++;
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOfRange(bytes, start, bytes.length));
    }

    private byte[] encoded() throws IOException {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException(e);
        }
    }

    private static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> params = new java.util.HashMap<>();
        if (rawQuery == null) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
