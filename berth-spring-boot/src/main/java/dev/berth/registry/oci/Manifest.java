package dev.berth.registry.oci;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

/**
 * What the registry reads from a manifest or index: the descriptors it points at and what the
 * referrers API reports about it. Fields the registry does not use are kept in the stored bytes only.
 *
 * @param mediaType the media type the manifest was pushed as
 * @param config the config descriptor of an image manifest, if any
 * @param layers the layers of an image manifest
 * @param manifests the children of an index
 * @param subject the manifest this one refers to, if any
 * @param artifactType what the referrers API reports as the artifact type, if anything
 * @param annotations the annotations object, if any
 */
public record Manifest(MediaType mediaType, Optional<Descriptor> config, List<Descriptor> layers, List<Descriptor> manifests,
                       Optional<Descriptor> subject, Optional<String> artifactType, Optional<JsonNode> annotations) {

    /** Every digest the manifest needs stored: config, layers and an index's children (not its subject, which it only refers to). */
    public List<Digest> references() {
        List<Digest> result = new ArrayList<>(blobs());
        manifests.forEach(child -> result.add(child.digest()));
        return List.copyOf(result);
    }

    /** The blobs of an image manifest: its config and layers (an index's children are manifests). */
    public List<Digest> blobs() {
        List<Digest> result = new ArrayList<>();
        config.ifPresent(c -> result.add(c.digest()));
        layers.forEach(layer -> result.add(layer.digest()));
        return List.copyOf(result);
    }

    /** The spec lets registries refuse manifests above 4 MiB. */
    public static final int MAX_SIZE = 4 * 1024 * 1024;

    /**
     * Parses and checks a manifest a client pushes; {@code contentType} is the request's, if it had one.
     * Only the manifest formats the registry reads are taken ({@link MediaType#isManifest}), since its
     * media type is what the manifest is served as.
     */
    public static Manifest parsePushed(ObjectMapper json, byte[] content, Optional<MediaType> contentType) {
        // A key given twice could be read one way here and another way by a client: refused.
        JsonNode root = readTree(json.reader().with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY), content);
        Manifest manifest = parse(root, contentType);
        if (!manifest.mediaType().isManifest()) {
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, "not a manifest format this registry takes: use "
                    + MediaType.OCI_MANIFEST + ", " + MediaType.OCI_INDEX + ", " + MediaType.DOCKER_MANIFEST + " or "
                    + MediaType.DOCKER_MANIFEST_LIST, manifest.mediaType().value());
        }
        // What the spec requires of the format: schemaVersion, and an image's config and layers or an index's manifests.
        List<String> required = manifest.mediaType().isIndex() ? List.of("schemaVersion", "manifests")
                : List.of("schemaVersion", "config", "layers");
        for (String field : required) {
            if (!root.has(field)) {
                throw RegistryException.of(ErrorCode.MANIFEST_INVALID, "a " + manifest.mediaType() + " needs " + field);
            }
        }
        requireAnnotations(root, "the manifest");
        for (String field : List.of("config", "subject")) {
            requireAnnotations(root.get(field), field);
        }
        for (String field : List.of("layers", "manifests")) {
            JsonNode array = root.get(field);
            for (int i = 0; array != null && i < array.size(); i++) {
                requireAnnotations(array.get(i), field + "[" + i + "]");
            }
        }
        return manifest;
    }

    /** Annotations, where given, are an object of strings, as the spec has them. */
    private static void requireAnnotations(JsonNode holder, String where) {
        JsonNode annotations = holder == null ? null : holder.get("annotations");
        if (annotations == null) {
            return;
        }
        boolean strings = annotations.isObject() && annotations.properties().stream().allMatch(entry -> entry.getValue().isString());
        if (!strings) {
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, where + "'s annotations must be an object of strings");
        }
    }

    /**
     * Parses and checks a manifest, pushed or stored, with the media type it came with, if any. Anything
     * that cannot be read is MANIFEST_INVALID, never another failure.
     */
    public static Manifest parse(ObjectMapper json, byte[] content, Optional<MediaType> contentType) {
        return parse(readTree(json.reader(), content), contentType);
    }

    private static JsonNode readTree(ObjectReader reader, byte[] content) {
        try {
            JsonNode root = reader.readTree(content);
            if (root == null || !root.isObject()) {
                throw RegistryException.of(ErrorCode.MANIFEST_INVALID, "the manifest must be a JSON object");
            }
            return root;
        } catch (JacksonException e) {
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, "the manifest is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static Manifest parse(JsonNode root, Optional<MediaType> contentType) {
        try {
            return read(root, contentType);
        } catch (JacksonException unreadable) {
            // a value of the right JSON type that no Java type holds, wherever the checks below missed it
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, "the manifest holds a value that cannot be read");
        }
    }

    private static Manifest read(JsonNode root, Optional<MediaType> contentType) {
        Optional<MediaType> declared = optionalString(root, "mediaType").map(MediaType::new);
        if (declared.isPresent() && contentType.isPresent() && !declared.equals(contentType)) {
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID,
                    "Content-Type " + contentType.get() + " does not match the manifest's mediaType " + declared.get());
        }
        MediaType mediaType = contentType.or(() -> declared).orElseThrow(() ->
                RegistryException.of(ErrorCode.MANIFEST_INVALID, "a manifest needs a Content-Type or a mediaType field"));
        JsonNode schemaVersion = root.get("schemaVersion");
        if (schemaVersion != null && !(schemaVersion.isIntegralNumber() && schemaVersion.canConvertToInt() && schemaVersion.intValue() == 2)) {
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, "only schemaVersion 2 manifests are supported");
        }
        Optional<Descriptor> config = root.has("config") ? Optional.of(Descriptor.of(root.get("config"), "config")) : Optional.empty();
        Optional<Descriptor> subject = root.has("subject") ? Optional.of(Descriptor.of(root.get("subject"), "subject")) : Optional.empty();
        Optional<String> artifactType = optionalString(root, "artifactType")
                .or(() -> mediaType.isIndex() ? Optional.empty() : config.map(c -> c.mediaType().value()));
        JsonNode annotations = root.get("annotations");
        return new Manifest(mediaType, config, descriptors(root, "layers"), descriptors(root, "manifests"), subject,
                artifactType, annotations != null && annotations.isObject() ? Optional.of(annotations) : Optional.empty());
    }

    private static List<Descriptor> descriptors(JsonNode root, String field) {
        JsonNode array = root.get(field);
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, field + " must be an array");
        }
        List<Descriptor> result = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            result.add(Descriptor.of(array.get(i), field + "[" + i + "]"));
        }
        return List.copyOf(result);
    }

    private static Optional<String> optionalString(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isString()) {
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, field + " must be a string");
        }
        return Optional.of(node.asString());
    }
}
