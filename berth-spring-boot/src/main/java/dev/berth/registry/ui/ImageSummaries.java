package dev.berth.registry.ui;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.repository.Repository;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The size and platforms of manifests, for the repository page's rows. A manifest never changes
 * under its digest, so what was read once is kept (the most recent few thousand), and a page of tags
 * reads only the manifests it has not shown before.
 */
final class ImageSummaries {
    private static final int KEPT = 4096;
    /** An index's images read for its size and platforms; a larger index counts the rest by their descriptors. */
    private static final int CHILDREN_READ = 64;

    private final ContentReader reader;
    private final Map<Digest, ImageSummary> kept = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Digest, ImageSummary> eldest) {
            return size() > KEPT;
        }
    });

    ImageSummaries(ContentReader reader) {
        this.reader = reader;
    }

    /** The summary of a manifest the repository holds (the caller has checked that the user may pull it). */
    ImageSummary of(Repository repository, Digest digest) {
        ImageSummary known = kept.get(digest);
        if (known != null) {
            return known;
        }
        ImageSummary summary = read(repository, digest);
        kept.put(digest, summary);
        return summary;
    }

    private ImageSummary read(Repository repository, Digest digest) {
        ContentReader.Read manifest = reader.manifest(repository, digest);
        if (manifest.isIndex()) {
            return index(repository, manifest);
        }
        long size = Json.number(manifest.json().get("config"), "size")
                + Json.array(manifest.json(), "layers").stream().mapToLong(layer -> Json.number(layer, "size")).sum();
        if (!manifest.isImage()) {
            Optional<String> type = Json.text(manifest.json(), "artifactType")
                    .or(() -> Json.object(manifest.json(), "config").flatMap(config -> Json.text(config, "mediaType")));
            return new ImageSummary("artifact", size, List.of(), type);
        }
        List<Platform> platforms = reader.config(repository, manifest).flatMap(Platform::of).stream().toList();
        return new ImageSummary("image", size, platforms, Optional.empty());
    }

    private ImageSummary index(Repository repository, ContentReader.Read manifest) {
        List<JsonNode> children = Json.array(manifest.json(), "manifests");
        List<Platform> platforms = new ArrayList<>();
        long size = 0;
        for (int i = 0; i < children.size(); i++) {
            JsonNode child = children.get(i);
            Platform.of(child.get("platform")).ifPresent(platforms::add);
            Optional<Digest> digest = Json.text(child, "digest").flatMap(ContentReader::digest);
            size += i < CHILDREN_READ && digest.isPresent() ? childSize(repository, digest.get(), child) : Json.number(child, "size");
        }
        return new ImageSummary("index", size, platforms, Json.text(manifest.json(), "artifactType"));
    }

    private long childSize(Repository repository, Digest digest, JsonNode descriptor) {
        try {
            return of(repository, digest).size();
        } catch (RegistryException e) {
            if (e.code() == ErrorCode.MANIFEST_UNKNOWN) {
                return Json.number(descriptor, "size"); // a sparse index: the child was never pushed here
            }
            throw e;
        }
    }
}
