package dev.berth.registry.manifests;

import dev.berth.registry.blobs.BlobStore;
import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.gc.SweepGuard;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.layout.RegistryStorage;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.DigestAlgorithm;
import dev.berth.registry.naming.MediaType;
import dev.berth.registry.naming.Reference;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.referrers.Referrer;
import dev.berth.registry.referrers.ReferrerIndex;
import dev.berth.registry.tags.TagStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.ObjectMapper;

/**
 * Manifests and indexes: validated on push, stored by digest (content in the blob store, a
 * revision per repository), reachable by tag, and indexed as referrers of their subject.
 */
@Service
public class ManifestService {
    private static final Logger log = LoggerFactory.getLogger(ManifestService.class);
    /** The spec lets registries refuse manifests above 4 MiB. */
    public static final int MAX_SIZE = 4 * 1024 * 1024;

    private final RegistryStorage storage;
    private final BlobStore blobs;
    private final TagStore tags;
    private final ReferrerIndex referrers;
    private final ObjectMapper json;
    private final ManifestProperties properties;
    private final SweepGuard guard;
    private final RegistryMetrics metrics;
    private final ApplicationEventPublisher events;

    public ManifestService(RegistryStorage storage, BlobStore blobs, TagStore tags, ReferrerIndex referrers, ObjectMapper json,
                           ManifestProperties properties, SweepGuard guard, RegistryMetrics metrics,
                           ApplicationEventPublisher events) {
        this.properties = properties;
        this.guard = guard;
        this.metrics = metrics;
        this.events = events;
        this.storage = storage;
        this.blobs = blobs;
        this.tags = tags;
        this.referrers = referrers;
        this.json = json;
    }

    /**
     * Validates and stores a manifest, then points {@code reference} (when a tag) and every extra
     * tag at it. The revision link is written last among the content, so a manifest is never
     * visible before its bytes and media type are stored.
     */
    public PushedManifest push(RepositoryName repository, Reference reference, Optional<MediaType> contentType,
                               byte[] content, List<Tag> extraTags) {
        if (content.length > MAX_SIZE) {
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, "a manifest may have at most " + MAX_SIZE + " bytes")
                    .withStatus(HttpStatus.CONTENT_TOO_LARGE);
        }
        Digest digest = switch (reference) {
            case Digest expected -> {
                Digest actual = Digest.of(expected.algorithm(), content);
                if (!actual.equals(expected)) {
                    metrics.digestMismatch(RegistryMetrics.Mismatch.MANIFEST_PUSH);
                    throw RegistryException.of(ErrorCode.DIGEST_INVALID, "the manifest hashes to " + actual, expected.toString());
                }
                yield actual;
            }
            case Tag tag -> Digest.of(DigestAlgorithm.SHA256, content);
        };
        Manifest manifest = Manifest.parse(json, content, contentType);
        // garbage collection must not remove what the manifest names between the checks and the revision link
        guard.referencing(Stream.concat(Stream.of(digest), manifest.references().stream()).toList(), () -> {
            requireReferencedBlobs(repository, manifest);
            blobs.storeSmall(digest, content);
            storage.write(RegistryLayout.manifestMediaType(repository, digest), manifest.mediaType().value().getBytes(StandardCharsets.UTF_8));
            storage.write(RegistryLayout.manifestRevisionLink(repository, digest), digest.toString().getBytes(StandardCharsets.UTF_8));
            manifest.subject().ifPresent(subject -> referrers.add(repository, subject.digest(),
                    new Referrer(manifest.mediaType(), digest, content.length, manifest.artifactType(), manifest.annotations())));
            if (reference instanceof Tag tag) {
                tags.point(repository, tag, digest);
            }
            for (Tag tag : extraTags) {
                tags.point(repository, tag, digest);
            }
            return null;
        });
        List<Tag> pointed = new ArrayList<>(extraTags);
        if (reference instanceof Tag tag) {
            pointed.addFirst(tag);
        }
        log.atInfo().setMessage("manifest pushed")
                .addKeyValue("repository", repository.toString())
                .addKeyValue("digest", digest.toString())
                .addKeyValue("mediaType", manifest.mediaType().value())
                .addKeyValue("size", content.length)
                .addKeyValue("imageTags", tagNames(pointed))
                .log();
        events.publishEvent(new ManifestChange.Pushed(repository, digest, manifest.blobs(), pointed));
        return new PushedManifest(digest, manifest.subject().map(Descriptor::digest));
    }

    /** The digest a reference names in the repository, or MANIFEST_UNKNOWN. */
    public Digest resolve(RepositoryName repository, Reference reference) {
        Digest digest = switch (reference) {
            case Digest d -> d;
            case Tag tag -> tags.resolve(repository, tag);
        };
        if (!storage.exists(RegistryLayout.manifestRevisionLink(repository, digest))) {
            throw RegistryException.of(ErrorCode.MANIFEST_UNKNOWN, "manifest unknown to repository " + repository, reference.toString());
        }
        return digest;
    }

    public StoredManifest get(RepositoryName repository, Reference reference) {
        Digest digest = resolve(repository, reference);
        MediaType mediaType = storage.read(RegistryLayout.manifestMediaType(repository, digest))
                .map(bytes -> new MediaType(new String(bytes, StandardCharsets.UTF_8)))
                .orElseThrow(() -> RegistryException.of(ErrorCode.MANIFEST_UNKNOWN, "manifest unknown to repository " + repository, digest.toString()));
        return new StoredManifest(digest, mediaType, blobs.readSmallVerified(digest));
    }

    /** The stored manifest, parsed: what garbage collection and the published views follow from it. */
    public Manifest parsed(RepositoryName repository, Digest digest) {
        StoredManifest stored = get(repository, digest);
        return Manifest.parse(json, stored.content(), Optional.of(stored.mediaType()));
    }

    /**
     * Deletes a tag, or a manifest by digest together with the tags pointing at it and its entry
     * in its subject's referrers. The content stays in the blob store for other repositories.
     */
    public void delete(RepositoryName repository, Reference reference) {
        switch (reference) {
            case Tag tag -> {
                tags.delete(repository, tag);
                log.atInfo().setMessage("tag deleted")
                        .addKeyValue("repository", repository.toString())
                        .addKeyValue("tag", tag.value())
                        .log();
                events.publishEvent(new ManifestChange.TagDeleted(repository, tag));
            }
            case Digest digest -> {
                Manifest manifest = parsed(repository, digest);
                manifest.subject().ifPresent(subject -> referrers.remove(repository, subject.digest(), digest));
                tags.deleteAllPointingAt(repository, digest);
                storage.delete(RegistryLayout.manifestRevision(repository, digest));
                log.atInfo().setMessage("manifest deleted")
                        .addKeyValue("repository", repository.toString())
                        .addKeyValue("digest", digest.toString())
                        .log();
                events.publishEvent(new ManifestChange.Deleted(repository, digest, manifest.blobs()));
            }
        }
    }

    /** The tags a push pointed at the manifest, comma-separated: one plain field in every log format ({@code tags} is ECS's own). */
    private static String tagNames(List<Tag> pointed) {
        return pointed.stream().map(Tag::value).distinct().collect(Collectors.joining(","));
    }

    /**
     * An image manifest may only name blobs the repository holds, except non-distributable layers
     * and, when configured, any layer. An index's children are not required: sparse indexes are allowed.
     */
    private void requireReferencedBlobs(RepositoryName repository, Manifest manifest) {
        manifest.config().ifPresent(config -> requireBlob(repository, config));
        for (Descriptor layer : manifest.layers()) {
            if (!layer.mediaType().isNonDistributable() && !properties.allowMissingLayers()) {
                requireBlob(repository, layer);
            }
        }
    }

    private void requireBlob(RepositoryName repository, Descriptor descriptor) {
        Optional<Long> size = blobs.sizeIn(repository, descriptor.digest());
        if (size.isEmpty()) {
            throw RegistryException.of(ErrorCode.MANIFEST_BLOB_UNKNOWN,
                    "the manifest names a blob the repository does not hold", descriptor.digest().toString());
        }
        if (size.get() != descriptor.size()) {
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, "descriptor of " + descriptor.digest()
                    + " says " + descriptor.size() + " bytes but the blob has " + size.get());
        }
    }
}
