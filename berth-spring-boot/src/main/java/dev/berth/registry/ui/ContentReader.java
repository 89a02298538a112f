package dev.berth.registry.ui;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.Reference;
import dev.berth.registry.repository.BlobContent;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.repository.StoredManifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Manifests and image configs read through a repository's services, verified as they always are, and parsed for display. */
final class ContentReader {
    /** Configs above this are not read for display (an image's is a few KiB; its history makes it grow). */
    static final long MAX_CONFIG = 4L * 1024 * 1024;
    private static final Set<String> IMAGE_CONFIGS = Set.of("application/vnd.oci.image.config.v1+json",
            "application/vnd.docker.container.image.v1+json");

    /** A stored manifest and its JSON. */
    record Read(StoredManifest stored, JsonNode json) {
        boolean isIndex() {
            return stored.mediaType().isIndex() || json.has("manifests") && !json.has("layers");
        }

        /** Whether the config is an image's (a runnable image) rather than an artifact's. */
        boolean isImage() {
            return Json.object(json, "config").flatMap(config -> Json.text(config, "mediaType")).filter(IMAGE_CONFIGS::contains).isPresent();
        }
    }

    private final ObjectMapper json;

    ContentReader(ObjectMapper json) {
        this.json = json;
    }

    Read manifest(Repository repository, Reference reference) {
        StoredManifest stored = repository.manifests().get(repository.name(), reference);
        try {
            JsonNode node = json.readTree(stored.content());
            return new Read(stored, node == null ? json.createObjectNode() : node);
        } catch (JacksonException e) {
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, "the stored manifest is not JSON", stored.digest().toString());
        }
    }

    /** An image manifest's config, when it is an image config the repository holds and of a size worth reading. */
    Optional<JsonNode> config(Repository repository, Read manifest) {
        if (!manifest.isImage()) {
            return Optional.empty();
        }
        JsonNode descriptor = manifest.json().get("config");
        long size = Json.number(descriptor, "size");
        Optional<Digest> digest = Json.text(descriptor, "digest").flatMap(ContentReader::digest);
        if (digest.isEmpty() || size <= 0 || size > MAX_CONFIG) {
            return Optional.empty();
        }
        try {
            BlobContent content = repository.blobs().open(repository.name(), digest.get(), Optional.empty());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) size);
            content.transferTo(bytes);
            return Optional.ofNullable(json.readTree(bytes.toByteArray())).filter(JsonNode::isObject);
        } catch (RegistryException e) {
            if (e.code() == ErrorCode.BLOB_UNKNOWN) {
                return Optional.empty(); // a manifest pushed without its config (allow-missing-layers)
            }
            throw e;
        } catch (JacksonException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<Digest> digest(String text) {
        try {
            return Optional.of(Digest.parse(text));
        } catch (RegistryException notADigest) {
            return Optional.empty();
        }
    }
}
