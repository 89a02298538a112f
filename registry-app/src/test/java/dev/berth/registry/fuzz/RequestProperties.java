package dev.berth.registry.fuzz;

import dev.berth.registry.fuzz.property.Gen;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Single requests with fuzzed parts: repository names, references, digests, {@code Range},
 * pagination, and arbitrary methods, queries and headers. Every response is held to the
 * invariants ({@link Invariants}); the checks here add what each request's semantics demand.
 */
interface RequestProperties extends FuzzTarget {
    Pattern VALID_NAME = Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");
    Pattern VALID_TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");
    Pattern VALID_DIGEST = Pattern.compile("sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}");
    Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");
    Pattern SINGLE_RANGE = Pattern.compile("bytes=(\\d{1,18})-(\\d{1,18})?");

    /** A decoded string and one way of writing it into a URL. */
    record Encoded(String decoded, String encoded) {
    }

    /** A decoded string and one way of writing it into a path. */
    static Gen<Encoded> inPath(Gen<String> decoded) {
        return decoded.flatMap(value -> PercentEncoding.path(value).map(encoded -> new Encoded(value, encoded)));
    }

    record NameOnEndpoint(Encoded name, NamedEndpoint endpoint) {
    }

    @Test
    default void anyRepositoryNameOnEveryEndpoint() {
        forAll(Gen.zip(inPath(Names.any()), Gen.of(NamedEndpoint.values()), NameOnEndpoint::new), input -> {
            String name = input.name().decoded();
            Exchange exchange = send(input.endpoint().request(input.name().encoded()));
            boolean reserved = name.matches("ip[fn]s(/.*)?"); // views of trees on IPFS, named ipfs/<cid> or ipns/<name>
            boolean valid = name.length() <= 255 && VALID_NAME.matcher(name).matches() && !reserved;
            String code = Invariants.errorCode(exchange).orElse("");
            if (valid) {
                expect(!code.equals("NAME_INVALID"), exchange, "a valid name refused as NAME_INVALID");
            } else if (!reserved) {
                expect(exchange.status() >= 400, exchange, "an invalid name accepted");
            }
        });
    }

    record ReferenceWithMethod(Encoded reference, String method) {
    }

    @Test
    default void anyReferenceOnManifests() {
        Gen<String> methods = Gen.of("GET", "HEAD", "PUT", "DELETE");
        forAll(Gen.zip(inPath(References.any(Seed.MANIFEST_DIGEST, Seed.LAYER_DIGEST)), methods, ReferenceWithMethod::new), input -> {
            String reference = input.reference().decoded();
            String method = input.method();
            Request request = Request.of(method, "/v2/" + Seed.REFS + "/manifests/" + input.reference().encoded());
            if (method.equals("PUT")) {
                request = request.header("Content-Type", Seed.OCI_MANIFEST).body(Seed.MANIFEST);
            }
            Exchange exchange = send(request);
            boolean tag = VALID_TAG.matcher(reference).matches();
            boolean digest = VALID_DIGEST.matcher(reference).matches();
            if (input.reference().encoded().toLowerCase(java.util.Locale.ROOT).contains("%2e")) {
                // Spring Security's firewall refuses an escaped '.' in any path, before the registry decodes it
                expect(exchange.status() == 400 && (method.equals("HEAD") || Invariants.errorCode(exchange).orElse("").equals("UNSUPPORTED")), exchange,
                        "an escaped '.' answered " + exchange.status());
            } else if (!tag && !digest) {
                expect(exchange.status() >= 400 && exchange.status() < 500, exchange, "an invalid reference accepted");
            } else if (method.equals("PUT")) {
                boolean matches = tag || reference.equals(Seed.MANIFEST_DIGEST) || reference.equals(Digests.sha512(Seed.MANIFEST.getBytes()));
                expect(matches == (exchange.status() == 201), exchange, matches ? "a manifest push refused" : "a push under a wrong digest accepted");
            } else {
                expect(List.of(200, 202, 404).contains(exchange.status()), exchange, "a valid reference answered " + exchange.status());
            }
        });
    }

    /** A digest, written into a path or a query, and what it is used for. */
    record DigestUse(Encoded digest, String use) {
    }

    @Test
    default void anyDigestOnBlobsUploadsAndReferrers() {
        Gen<Encoded> digests = Digests.any(Seed.LAYER_DIGEST, Seed.CONFIG_DIGEST, Digests.sha512(Seed.LAYER))
                .flatMap(digest -> Gen.oneOf(PercentEncoding.path(digest), PercentEncoding.queryPart(digest)).map(encoded -> new Encoded(digest, encoded)));
        forAll(Gen.zip(digests, Gen.of("get", "head", "referrers", "push", "mount"), DigestUse::new), input -> {
            String digest = input.digest().decoded();
            String encoded = input.digest().encoded();
            String use = input.use();
            String seeded = "/v2/" + Seed.REPOSITORY;
            Request request = switch (use) {
                case "get" -> Request.of("GET", seeded + "/blobs/" + encoded);
                case "head" -> Request.of("HEAD", seeded + "/blobs/" + encoded);
                case "referrers" -> Request.of("GET", seeded + "/referrers/" + encoded);
                case "push" -> Request.of("POST", "/v2/" + Seed.SCRATCH + "/blobs/uploads/?digest=" + encoded)
                        .header("Content-Type", "application/octet-stream").body(Seed.LAYER);
                default -> Request.of("POST", "/v2/" + Seed.SCRATCH + "/blobs/uploads/?mount=" + encoded + "&from=" + Seed.REPOSITORY).body(new byte[0]);
            };
            Exchange exchange = send(request);
            boolean valid = VALID_DIGEST.matcher(digest).matches();
            boolean held = digest.equals(Seed.LAYER_DIGEST) || digest.equals(Seed.CONFIG_DIGEST);
            switch (use) {
                case "get", "head" -> expect(valid ? exchange.status() == (held ? 200 : 404) : List.of(400, 404).contains(exchange.status()), exchange,
                        "blob " + use + " answered " + exchange.status());
                case "referrers" -> expect(valid ? exchange.status() == 200 : List.of(400, 404).contains(exchange.status()), exchange,
                        "referrers answered " + exchange.status());
                case "push" -> {
                    boolean right = digest.equals(Seed.LAYER_DIGEST) || digest.equals(Digests.sha512(Seed.LAYER));
                    expect(right == (exchange.status() == 201), exchange, right ? "a blob push refused" : "a blob accepted under a wrong digest");
                }
                default -> expect(held ? exchange.status() == 201 : List.of(202, 400).contains(exchange.status()), exchange,
                        "a mount answered " + exchange.status());
            }
            if (use.equals("get") && exchange.status() == 200) {
                expect(Arrays.equals(exchange.body(), digest.equals(Seed.LAYER_DIGEST) ? Seed.LAYER : Seed.CONFIG), exchange, "a blob served other bytes");
            }
        });
    }

    @Test
    default void anyRangeOnABlob() {
        forAll(Ranges.read(Seed.LAYER.length), range -> {
            Exchange exchange = send(Request.of("GET", "/v2/" + Seed.REPOSITORY + "/blobs/" + Seed.LAYER_DIGEST).header("Range", range));
            int size = Seed.LAYER.length;
            expect(List.of(200, 206, 416).contains(exchange.status()), exchange, "a range read answered " + exchange.status());
            if (exchange.status() == 200) {
                expect(Arrays.equals(exchange.body(), Seed.LAYER), exchange, "200 to a range read, but not the whole blob");
            }
            if (exchange.status() == 206) {
                Matcher served = CONTENT_RANGE.matcher(exchange.header("Content-Range").orElse(""));
                boolean wellFormed = served.matches() && Long.parseLong(served.group(3)) == size
                        && Long.parseLong(served.group(1)) <= Long.parseLong(served.group(2)) && Long.parseLong(served.group(2)) < size;
                expect(wellFormed, exchange, "206 without a Content-Range within the blob");
                if (wellFormed) {
                    int first = Integer.parseInt(served.group(1));
                    int last = Integer.parseInt(served.group(2));
                    expect(Arrays.equals(exchange.body(), Arrays.copyOfRange(Seed.LAYER, first, last + 1)), exchange,
                            "206 with bytes other than its Content-Range says");
                }
            }
            Matcher single = SINGLE_RANGE.matcher(range);
            if (single.matches() && (single.group(2) == null || Long.parseLong(single.group(1)) <= Long.parseLong(single.group(2)))) {
                boolean satisfiable = Long.parseLong(single.group(1)) < size;
                expect(exchange.status() == (satisfiable ? 206 : 416), exchange,
                        (satisfiable ? "a satisfiable" : "an unsatisfiable") + " range answered " + exchange.status());
            }
        });
    }

    /** The query of a listing: {@code n}, maybe {@code last}, on the catalog or on a tag list. */
    record Pagination(String n, String last, boolean catalog, boolean withLast) {
    }

    @Test
    default void anyPaginationParameters() {
        Gen<String> pageSizes = Queries.pageSize();
        Gen<String> lasts = Queries.last();
        forAll((random, size) -> new Pagination(pageSizes.next(random, size), lasts.next(random, size), random.nextBoolean(), random.nextBoolean()),
                input -> {
                    String n = input.n();
                    String last = input.last();
                    boolean catalog = input.catalog();
                    boolean withLast = input.withLast();
                    String base = catalog ? "/v2/_catalog" : "/v2/" + Seed.REPOSITORY + "/tags/list";
                    Exchange exchange = send(Request.of("GET", base + "?n=" + n + (withLast ? "&last=" + last : "")));
                    var decodedN = FuzzTarget.decoded(n);
                    boolean plain = decodedN.filter(v -> v.matches("[0-9]{1,9}")).isPresent();
                    boolean negative = decodedN.filter(v -> v.matches("-[0-9]{1,9}") && !v.matches("-0+")).isPresent();
                    if (negative) {
                        expect(exchange.status() == 400 && Invariants.errorCode(exchange).orElse("").equals("PAGINATION_NUMBER_INVALID"), exchange,
                                "a negative n answered " + exchange.status());
                    }
                    if (plain && FuzzTarget.decoded(last).isPresent() && exchange.status() == 200) {
                        List<String> entries = Listing.entries(exchange, catalog ? "repositories" : "tags");
                        expect(entries != null, exchange, "a listing without its array");
                        if (entries == null) {
                            return;
                        }
                        int limit = Integer.parseInt(decodedN.get());
                        String after = withLast ? FuzzTarget.decoded(last).get() : "";
                        expect(entries.size() <= limit, exchange, "more entries than n");
                        expect(entries.stream().sorted().toList().equals(entries), exchange, "entries out of order");
                        expect(entries.stream().allMatch(entry -> after.isEmpty() || entry.compareTo(after) > 0), exchange, "an entry not after last");
                        exchange.header("Link").ifPresent(link -> expect(!entries.isEmpty()
                                && link.contains("last=" + PercentEncoding.query(entries.getLast())), exchange, "a Link not continuing after the last entry"));
                    } else if (plain && exchange.status() != 200) {
                        expect(FuzzTarget.decoded(last).isEmpty() && exchange.status() == 400, exchange, "a plain n answered " + exchange.status());
                    }
                });
    }

    /** Every page size from 1 to 30: few enough to try them all. */
    static IntStream walkSizes() {
        return IntStream.rangeClosed(1, 30);
    }

    @ParameterizedTest(name = "pages of {0}")
    @MethodSource("dev.berth.registry.fuzz.RequestProperties#walkSizes")
    default void paginationWalksEveryTagOnce(int n) {
        Listing.Walk walk = Listing.walk(this, "/v2/" + Seed.REPOSITORY + "/tags/list?n=" + n, "tags");
        expect(walk.entries().equals(Seed.TAGS), walk.last(), "pages of " + n + " listed " + walk.entries() + " instead of " + Seed.TAGS);
    }

    /** Any request at all: a method, a path, a query, headers and (unless the method takes none) a body. */
    record AnyRequest(String method, String path, String query, List<Map.Entry<String, String>> headers, byte[] body) {
    }

    @Test
    default void anyMethodQueryAndHeaders() {
        Gen<String> methods = Gen.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "get", "FOO");
        String repository = "/v2/" + Seed.SCRATCH;
        Gen<String> paths = Gen.of("/v2/", "/v2", "/v2/_catalog", repository + "/tags/list", repository + "/manifests/v1",
                repository + "/manifests/" + Seed.MANIFEST_DIGEST, repository + "/blobs/" + Seed.LAYER_DIGEST, repository + "/blobs/uploads/",
                repository + "/blobs/uploads/3f1c9a52-8d2e-4b7a-9c1f-0e6d5b4a3c21", repository + "/referrers/" + Seed.MANIFEST_DIGEST,
                repository + "/unknown", "/", "/v1/", "/v3/", "/berth/v1/root", "/berth/v1/images/" + Seed.SCRATCH + "/v1",
                "/actuator/health", "/actuator/info", "/actuator/nope", "/favicon.ico", "/error", "/v2/..;/actuator/env");
        Gen<String> queries = Queries.any(Seed.LAYER_DIGEST, Seed.CONFIG_DIGEST);
        Gen<List<Map.Entry<String, String>>> headers = Headers.any();
        Gen<byte[]> bodies = Gen.oneOf(Gen.constant(new byte[0]), Gen.constant(Seed.MANIFEST.getBytes()), Gen.constant(Seed.LAYER),
                Gen.bytes(0, 2048));
        forAll((random, size) -> new AnyRequest(methods.next(random, size), paths.next(random, size), queries.next(random, size),
                headers.next(random, size), bodies.next(random, size)), input -> {
                    Request request = Request.of(input.method(), input.path() + (input.query().isEmpty() ? "" : "?" + input.query()))
                            .headers(input.headers());
                    boolean bodiless = List.of("GET", "HEAD", "TRACE", "OPTIONS").contains(input.method());
                    send(bodiless ? request : request.body(input.body()));
                });
    }
}
