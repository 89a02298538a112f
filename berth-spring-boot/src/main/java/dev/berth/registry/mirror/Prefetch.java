package dev.berth.registry.mirror;

import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.Reference;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.oci.Descriptor;
import dev.berth.registry.oci.Manifest;
import dev.berth.registry.repository.BlobContent;
import dev.berth.registry.repository.Repository;
import dev.berth.registry.repository.StoredManifest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * An administrator's pre-fetch: pulls images through the mirror, as a client would, so that they
 * are cached before anyone asks (the one way content enters a mirror other than a client's pull).
 * An image is {@code <upstream>/<repository>[:<tag>|@<digest>]}, such as {@code docker.io/library/alpine:3.20};
 * an index brings every manifest it lists and their blobs.
 */
public final class Prefetch {
    private static final Logger log = LoggerFactory.getLogger(Prefetch.class);
    /** An index of indexes is followed this deep, no deeper. */
    private static final int MAX_DEPTH = 2;

    /** What a pre-fetch of one image did. */
    public record Result(String image, Optional<String> digest, int manifests, int blobs, long blobBytes, Optional<String> error) {}

    private final MirrorKind kind;
    private final ObjectMapper json;

    public Prefetch(MirrorKind kind, ObjectMapper json) {
        this.kind = kind;
        this.json = json;
    }

    public List<Result> warm(List<String> images) {
        return images.stream().map(this::warm).toList();
    }

    private Result warm(String image) {
        Counts counts = new Counts();
        try {
            int at = image.indexOf('@');
            int colon = image.lastIndexOf(':');
            boolean tagged = at < 0 && colon > image.lastIndexOf('/');
            String name = at >= 0 ? image.substring(0, at) : tagged ? image.substring(0, colon) : image;
            Reference reference = at >= 0 ? Digest.parse(image.substring(at + 1)) : new Tag(tagged ? image.substring(colon + 1) : "latest");
            RepositoryName repository = new RepositoryName(name);
            Repository mirrored = kind.mirrored(repository).orElseThrow(() -> new IllegalArgumentException(
                    name + " is not a mirrored repository: name it <upstream>/<repository>, as berth.mirror.upstreams names the upstream"));
            Digest top = fetch(mirrored, reference, counts, 0);
            log.info("Pre-fetched {} ({}): {} manifests, {} blobs, {} bytes", image, top, counts.manifests, counts.blobs, counts.bytes);
            return new Result(image, Optional.of(top.toString()), counts.manifests, counts.blobs, counts.bytes, Optional.empty());
        } catch (RegistryException | IllegalArgumentException | UncheckedIOException e) {
            log.warn("Pre-fetching {} failed: {}", image, e.getMessage());
            return new Result(image, Optional.empty(), counts.manifests, counts.blobs, counts.bytes, Optional.of(e.getMessage()));
        }
    }

    private static final class Counts {
        int manifests;
        int blobs;
        long bytes;
    }

    private Digest fetch(Repository mirrored, Reference reference, Counts counts, int depth) {
        StoredManifest stored = mirrored.manifests().get(mirrored.name(), reference);
        counts.manifests++;
        Manifest manifest = Manifest.parse(json, stored.content(), Optional.of(stored.mediaType()));
        if (depth < MAX_DEPTH) {
            for (Descriptor child : manifest.manifests()) {
                fetch(mirrored, child.digest(), counts, depth + 1);
            }
        }
        for (Digest blob : manifest.blobs()) {
            if (mirrored.blobs().stat(mirrored.name(), blob).isEmpty()) {
                try {
                    BlobContent content = mirrored.blobs().open(mirrored.name(), blob, Optional.empty());
                    content.transferTo(OutputStream.nullOutputStream());
                    counts.bytes += content.info().size();
                } catch (IOException e) {
                    throw new UncheckedIOException("fetching " + blob + " failed: " + e.getMessage(), e);
                }
                // the fetch hands out a blob before it is stored; a pre-fetch is done once it is
                if (mirrored.blobs().stat(mirrored.name(), blob).isEmpty()) {
                    throw new IllegalStateException(blob + " was fetched but could not be stored; see the log");
                }
            }
            counts.blobs++;
        }
        return stored.digest();
    }
}
