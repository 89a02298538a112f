package dev.berth.registry.fuzz;

import static dev.berth.registry.fuzz.property.Gen.weighted;

import dev.berth.registry.fuzz.ManifestCase.Expected;
import dev.berth.registry.fuzz.property.Gen;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Manifests and indexes of every shape, over the content a {@link Seed} planted: valid ones
 * (with annotations large and small, unicode, unknown fields), and truncated, deeply nested,
 * with huge numbers, wrong types, duplicate keys, or pushed under the wrong Content-Type.
 */
final class ManifestCases {
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    private static final LeakPatterns LEAKS = LeakPatterns.standard();

    private ManifestCases() {
    }

    static Gen<ManifestCase> any() {
        return Gen.frequency(
                weighted(3, valid()),
                weighted(2, truncated()),
                weighted(1, nested()),
                weighted(2, numbers()),
                weighted(2, wrongTypes()),
                weighted(1, duplicateKeys()),
                weighted(2, contentTypes()),
                weighted(1, encodings()));
    }

    /** A valid image manifest or index, with optional annotations, artifact type and unknown fields. */
    static Gen<ManifestCase> valid() {
        Gen<String> extra = Gen.oneOf(Gen.constant(""), annotations().map(a -> ",\"annotations\":" + a),
                Gen.of(",\"artifactType\":\"application/vnd.example.thing\"", ",\"x-unknown\":{\"a\":[1,2,{\"b\":null}]}",
                        ",\"subject\":" + Seed.descriptor(Seed.OCI_MANIFEST, Seed.MANIFEST_DIGEST, Seed.MANIFEST.length())));
        return Gen.zip(Gen.of("oci-image", "docker-image", "oci-index"), extra, (kind, more) -> switch (kind) {
            case "oci-image" -> ManifestCase.of("valid " + kind, Seed.OCI_MANIFEST, ociImage(more), Expected.ACCEPT);
            case "docker-image" -> ManifestCase.of("valid " + kind, DOCKER_MANIFEST, "{\"schemaVersion\":2,\"mediaType\":\"" + DOCKER_MANIFEST
                    + "\",\"config\":" + Seed.descriptor("application/vnd.docker.container.image.v1+json", Seed.CONFIG_DIGEST, Seed.CONFIG.length)
                    + ",\"layers\":[" + Seed.descriptor("application/vnd.docker.image.rootfs.diff.tar.gzip", Seed.LAYER_DIGEST, Seed.LAYER.length)
                    + "]" + (more.contains("subject") ? "" : more) + "}", Expected.ACCEPT);
            default -> ManifestCase.of("valid " + kind, Seed.OCI_INDEX, index(more), Expected.ACCEPT);
        });
    }

    /** A valid manifest cut short anywhere. */
    static Gen<ManifestCase> truncated() {
        return valid().flatMap(whole -> Gen.integers(0, whole.document().length - 1)
                .map(length -> new ManifestCase("truncated at " + length, whole.contentType(), Arrays.copyOf(whole.document(), length),
                        Expected.REFUSE)));
    }

    /** Arrays and objects nested deep: in an unknown field (a limit may refuse it), or as the whole document. */
    static Gen<ManifestCase> nested() {
        Gen<Integer> depths = Gen.integers(1, 100_000);
        Gen<String> opens = Gen.of("[", "{\"a\":");
        return (random, size) -> {
            int depth = depths.next(random, size);
            String open = opens.next(random, size);
            boolean inField = random.nextBoolean();
            String close = open.equals("[") ? "]" : "}";
            String deep = open.repeat(depth) + "1" + close.repeat(depth);
            return inField
                    ? ManifestCase.of("nested " + depth + " deep in a field", Seed.OCI_MANIFEST, ociImage(",\"x-deep\":" + deep),
                            depth <= 64 ? Expected.ACCEPT : Expected.EITHER)
                    : ManifestCase.of("document nested " + depth + " deep", Seed.OCI_MANIFEST, deep, Expected.REFUSE);
        };
    }

    /** Numbers too large for their field, fractional or negative, where the spec wants small integers. */
    static Gen<ManifestCase> numbers() {
        Gen<ManifestCase> schemaVersion = Gen.of("4294967298", "18446744073709551618", "-2", "3", "0", "1e400", "-4294967294",
                        "99999999999999999999")
                .map(v -> ManifestCase.of("schemaVersion " + v, Seed.OCI_MANIFEST, ociImage("").replace("\"schemaVersion\":2", "\"schemaVersion\":" + v),
                        Expected.REFUSE));
        Gen<ManifestCase> fractionalVersion = Gen.of("2.0", "2e0", "20e-1", "2.0000000000000001")
                .map(v -> ManifestCase.of("schemaVersion " + v, Seed.OCI_MANIFEST, ociImage("").replace("\"schemaVersion\":2", "\"schemaVersion\":" + v),
                        Expected.EITHER));
        Gen<ManifestCase> size = Gen.of("99999999999999999999", "9223372036854775808", "18446744073709551616", "-1", "-4096",
                        "1.5", "4096.5", "1e400", "-9223372036854775808", "3")
                .map(v -> ManifestCase.of("layer size " + v, Seed.OCI_MANIFEST, ociImage("").replace("\"size\":" + Seed.LAYER.length, "\"size\":" + v),
                        Expected.REFUSE));
        return Gen.oneOf(schemaVersion, fractionalVersion, size);
    }

    /** A field of the wrong JSON type, or a document that is not an object. */
    static Gen<ManifestCase> wrongTypes() {
        String config = "\"config\":" + Seed.descriptor("application/vnd.oci.image.config.v1+json", Seed.CONFIG_DIGEST, Seed.CONFIG.length);
        String digest = "\"digest\":\"" + Seed.LAYER_DIGEST + "\"";
        List<Map.Entry<String, String>> replacements = List.of(
                Map.entry("\"schemaVersion\":2", "\"schemaVersion\":\"2\""),
                Map.entry(config, "\"config\":[]"),
                Map.entry(config, "\"config\":\"x\""),
                Map.entry("\"layers\":[", "\"layers\":{\"a\":["),
                Map.entry(digest, "\"digest\":5"),
                Map.entry("\"mediaType\":\"" + Seed.OCI_MANIFEST + "\"", "\"mediaType\":5"),
                Map.entry("\"size\":" + Seed.LAYER.length, "\"size\":\"" + Seed.LAYER.length + "\""));
        Gen<ManifestCase> field = Gen.of(replacements).map(r -> {
            String document = ociImage("").replace(r.getKey(), r.getValue());
            if (r.getValue().startsWith("\"layers\":{")) {
                document = document.substring(0, document.length() - 1) + "}}";
            }
            return ManifestCase.of("wrong type: " + r.getValue(), Seed.OCI_MANIFEST, document, Expected.REFUSE);
        });
        Gen<ManifestCase> annotations = Gen.of("[]", "\"x\"", "{\"k\":5}", "{\"k\":{\"a\":\"b\"}}", "{\"k\":null}", "{\"k\":[\"v\"]}")
                .map(a -> ManifestCase.of("annotations " + a, Seed.OCI_MANIFEST, ociImage(",\"annotations\":" + a), Expected.REFUSE));
        Gen<ManifestCase> layerEntry = Gen.of("5", "null", "\"x\"", "[]", "{}")
                .map(entry -> ManifestCase.of("layer " + entry, Seed.OCI_MANIFEST, ociImage("").replace("\"layers\":[", "\"layers\":[" + entry + ","),
                        Expected.REFUSE));
        Gen<ManifestCase> notObject = Gen.of("[]", "\"manifest\"", "5", "null", "true", "", " ", "{}", "[{\"schemaVersion\":2}]")
                .map(document -> ManifestCase.of("document " + document, Seed.OCI_MANIFEST, document, Expected.REFUSE));
        return Gen.oneOf(field, annotations, layerEntry, notObject);
    }

    /** A key given twice: harmless when both agree, refused when parsers could read different manifests. */
    static Gen<ManifestCase> duplicateKeys() {
        String mediaType = "\"mediaType\":\"" + Seed.OCI_MANIFEST + "\"";
        return Gen.of(
                ManifestCase.of("mediaType twice, disagreeing", Seed.OCI_MANIFEST,
                        ociImage("").replace(mediaType, "\"mediaType\":\"" + Seed.OCI_INDEX + "\"," + mediaType), Expected.REFUSE),
                ManifestCase.of("schemaVersion twice, disagreeing", Seed.OCI_MANIFEST,
                        ociImage("").replace("\"schemaVersion\":2", "\"schemaVersion\":3,\"schemaVersion\":2"), Expected.REFUSE),
                ManifestCase.of("layers twice, disagreeing", Seed.OCI_MANIFEST,
                        ociImage(",\"layers\":[]"), Expected.REFUSE),
                ManifestCase.of("config digest twice, disagreeing", Seed.OCI_MANIFEST,
                        ociImage("").replace("\"digest\":\"" + Seed.CONFIG_DIGEST + "\"",
                                "\"digest\":\"" + Seed.LAYER_DIGEST + "\",\"digest\":\"" + Seed.CONFIG_DIGEST + "\""), Expected.REFUSE),
                ManifestCase.of("annotations twice, agreeing", Seed.OCI_MANIFEST,
                        ociImage(",\"annotations\":{\"a\":\"b\"},\"annotations\":{\"a\":\"b\"}"), Expected.EITHER));
    }

    /** A valid manifest under a Content-Type that is no manifest type, disagrees with its mediaType, or is missing. */
    static Gen<ManifestCase> contentTypes() {
        String bare = ociImage("").replace("\"mediaType\":\"" + Seed.OCI_MANIFEST + "\",", "");
        Gen<ManifestCase> foreign = Gen.of("text/html", "text/html; charset=utf-8", "text/plain", "application/json",
                        "image/svg+xml", "application/xhtml+xml", "text/xml", "application/javascript", "application/octet-stream",
                        "application/vnd.oci.image.config.v1+json", "application/vnd.oci.image.layer.v1.tar", "a/b", "x-custom/anything+json")
                .flatMap(type -> Gen.of(
                        ManifestCase.of("Content-Type " + type + ", no mediaType field", type, bare, Expected.REFUSE),
                        ManifestCase.of("Content-Type " + type + ", mediaType field", type, ociImage(""), Expected.REFUSE)));
        Gen<ManifestCase> missing = Gen.of(
                ManifestCase.of("no Content-Type, mediaType field", null, ociImage(""), Expected.ACCEPT),
                ManifestCase.of("no Content-Type, no mediaType field", null, bare, Expected.REFUSE),
                ManifestCase.of("Content-Type index, manifest mediaType", Seed.OCI_INDEX, ociImage(""), Expected.REFUSE),
                ManifestCase.of("Content-Type with parameters", Seed.OCI_MANIFEST + "; charset=utf-8", ociImage(""), Expected.EITHER),
                ManifestCase.of("Content-Type in capitals", Seed.OCI_MANIFEST.toUpperCase(java.util.Locale.ROOT), ociImage(""), Expected.EITHER));
        return Gen.oneOf(foreign, missing);
    }

    /** Bytes that are not UTF-8, a byte-order mark, escaped surrogates and control characters. */
    static Gen<ManifestCase> encodings() {
        byte[] document = ociImage(",\"annotations\":{\"k\":\"XX\"}").getBytes(StandardCharsets.UTF_8);
        int at = new String(document, StandardCharsets.UTF_8).indexOf("XX");
        byte[] invalid = document.clone();
        invalid[at] = (byte) 0xff;
        invalid[at + 1] = (byte) 0xfe;
        byte[] bom = new byte[document.length + 3];
        bom[0] = (byte) 0xef;
        bom[1] = (byte) 0xbb;
        bom[2] = (byte) 0xbf;
        System.arraycopy(document, 0, bom, 3, document.length);
        return Gen.of(
                new ManifestCase("invalid UTF-8 in an annotation", Seed.OCI_MANIFEST, invalid, Expected.REFUSE),
                new ManifestCase("byte-order mark", Seed.OCI_MANIFEST, bom, Expected.EITHER),
                ManifestCase.of("lone surrogate escape", Seed.OCI_MANIFEST, ociImage(",\"annotations\":{\"k\":\"\\ud800\"}"), Expected.EITHER),
                ManifestCase.of("escaped NUL", Seed.OCI_MANIFEST, ociImage(",\"annotations\":{\"k\":\"\\u0000\"}"), Expected.ACCEPT),
                ManifestCase.of("raw control character", Seed.OCI_MANIFEST, ociImage(",\"annotations\":{\"k\":\"a\u0001b\"}"), Expected.REFUSE));
    }

    /** Annotations: a few or a few hundred, unicode keys and values, or one value of up to 512 KiB. */
    static Gen<String> annotations() {
        Gen<Integer> character = Gen.codePoints(0, 0xffff).filter(c -> !Character.isSurrogate((char) c.intValue()));
        Gen<String> text = Gen.strings(character, 0, 40).filter(s -> !LEAKS.appearsIn(s)).map(ManifestCases::jsonString);
        Gen<String> entries = Gen.zip(text, text, (k, v) -> k + ":" + v).uniqueList(0, 300)
                .map(list -> "{" + String.join(",", list) + "}");
        Gen<String> huge = Gen.integers(1024, 512 * 1024).map(n -> "{\"big\":\"" + "é".repeat(n / 2) + "\"}");
        return Gen.frequency(weighted(5, entries), weighted(1, huge))
                .filter(object -> !object.contains("\":") || distinctKeys(object));
    }

    static String ociImage(String more) {
        String image = Seed.image(Seed.CONFIG_DIGEST, Seed.CONFIG.length, Seed.LAYER_DIGEST, Seed.LAYER.length);
        return image.substring(0, image.length() - 1) + more + "}";
    }

    private static String index(String more) {
        return "{\"schemaVersion\":2,\"mediaType\":\"" + Seed.OCI_INDEX + "\",\"manifests\":["
                + Seed.descriptor(Seed.OCI_MANIFEST, Seed.MANIFEST_DIGEST, Seed.MANIFEST.length()) + "]" + more + "}";
    }

    /** A JSON string literal, every character beyond printable ASCII escaped or kept as UTF-8 at random. */
    static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", c));
            } else if (Character.isSurrogate((char) c) || c > 0xffff && (c & 1) == 0) {
                for (char unit : Character.toChars(c)) {
                    out.append(String.format("\\u%04x", (int) unit));
                }
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }

    /** Whether an annotations object's keys are distinct once JSON escapes are read (the list was unique as text only). */
    private static boolean distinctKeys(String object) {
        try {
            tools.jackson.databind.json.JsonMapper.builder().enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()
                    .readTree(object);
            return true;
        } catch (tools.jackson.core.JacksonException e) {
            return false;
        }
    }
}
