package dev.berth.registry.manifests;

import dev.berth.registry.blobs.BlobStore;
import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.MediaType;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.Reference;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.oci.Descriptor;
import dev.berth.registry.oci.Manifest;
import dev.berth.registry.referrers.ReferrerIndex;
import dev.berth.registry.repository.ManifestChange;
import dev.berth.registry.repository.ManifestInfo;
import dev.berth.registry.repository.Manifests;
import dev.berth.registry.repository.PushedManifest;
import dev.berth.registry.repository.Referrer;
import dev.berth.registry.repository.StoredManifest;
import dev.berth.registry.repository.Tags;
import dev.berth.registry.store.DigestCheck;
import dev.berth.registry.store.ManifestPush;
import dev.berth.registry.store.RegistryStorage;
import dev.berth.registry.store.SweepGuard;
import dev.berth.storage.FileInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import tools.jackson.databind.ObjectMapper;

/**
 * {@link Manifests} of the local store: validated on push, stored by digest (content in the blob
 * store, a revision per repository), reachable by tag, and indexed as referrers of their subject.
 * Every change is announced as a {@link ManifestChange} once stored.
 */
public final class StoredManifests implements Manifests {
    private static final Logger log = LoggerFactory.getLogger(StoredManifests.class);

    private final RegistryStorage storage;
    private final BlobStore blobs;
    private final Tags tags;
    private final ReferrerIndex referrers;
    private final ObjectMapper json;
    private final ManifestProperties properties;
    private final SweepGuard guard;
    private final DigestCheck check;
    private final ApplicationEventPublisher events;

    public StoredManifests(RegistryStorage storage, BlobStore blobs, Tags tags, ReferrerIndex referrers, ObjectMapper json,
                           ManifestProperties properties, SweepGuard guard, DigestCheck check, ApplicationEventPublisher events) {
        this.storage = storage;
        this.blobs = blobs;
        this.tags = tags;
        this.referrers = referrers;
        this.json = json;
        this.properties = properties;
        this.guard = guard;
        this.check = check;
        this.events = events;
    }

    /**
     * Validates and stores a manifest, then points {@code reference} (when a tag) and every extra
     * tag at it. The revision link is written last among the content, so a manifest is never
     * visible before its bytes and media type are stored.
     */
    @Override
    public PushedManifest put(RepositoryName repository, Reference reference, Optional<MediaType> contentType,
                              byte[] content, List<Tag> extraTags) {
        ManifestPush push = ManifestPush.read(check, json, repository, reference, contentType, content, extraTags);
        Digest digest = push.digest();
        Manifest manifest = push.manifest();
        List<Tag> pointed = push.tags();
        // garbage collection must not remove what the manifest names between the checks and the revision link
        guard.referencing(push.references(), () -> {
            requireReferencedBlobs(repository, manifest);
            blobs.storeSmall(digest, content);
            storage.writeUnlessKnown(RegistryLayout.manifestMediaType(repository, digest), manifest.mediaType().value().getBytes(StandardCharsets.UTF_8));
            storage.writeUnlessKnown(RegistryLayout.manifestRevisionLink(repository, digest), digest.toString().getBytes(StandardCharsets.UTF_8));
            manifest.subject().ifPresent(subject -> referrers.add(repository, subject.digest(),
                    new Referrer(manifest.mediaType(), digest, content.length, manifest.artifactType(), manifest.annotations())));
            for (Tag tag : pointed) {
                tags.put(repository, tag, digest);
            }
            return null;
        });
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

    /**
     * What a HEAD answers, without the manifest's bytes: the tag read (by tag), then what this process
     * already knows of the revision, its media type and its content's size and CID, or one look-up each.
     */
    @Override
    public ManifestInfo stat(RepositoryName repository, Reference reference) {
        Digest digest = resolve(repository, reference);
        MediaType mediaType = mediaType(repository, digest);
        FileInfo content = blobs.stat(digest).orElseThrow(() ->
                RegistryException.of(ErrorCode.MANIFEST_UNKNOWN, "the manifest's content is missing from storage", digest.toString()));
        return new ManifestInfo(digest, mediaType, content.size(), content.contentId());
    }

    @Override
    public StoredManifest get(RepositoryName repository, Reference reference) {
        Digest digest = resolve(repository, reference);
        MediaType mediaType = mediaType(repository, digest);
        byte[] content = blobs.readSmallVerified(digest).orElseThrow(() ->
                RegistryException.of(ErrorCode.MANIFEST_UNKNOWN, "the manifest's content is missing from storage", digest.toString()));
        return new StoredManifest(digest, mediaType, content, blobs.contentId(digest));
    }

    /**
     * Deletes a manifest by digest together with the tags pointing at it and its entry in its
     * subject's referrers. The content stays in the blob store for other repositories.
     */
    @Override
    public void delete(RepositoryName repository, Digest digest) {
        StoredManifest stored = get(repository, digest);
        Manifest manifest = Manifest.parse(json, stored.content(), Optional.of(stored.mediaType()));
        manifest.subject().ifPresent(subject -> referrers.remove(repository, subject.digest(), digest));
        deleteTagsPointingAt(repository, digest);
        storage.delete(RegistryLayout.manifestRevision(repository, digest));
        log.atInfo().setMessage("manifest deleted")
                .addKeyValue("repository", repository.toString())
                .addKeyValue("digest", digest.toString())
                .log();
        events.publishEvent(new ManifestChange.Deleted(repository, digest, manifest.blobs()));
    }

    private MediaType mediaType(RepositoryName repository, Digest digest) {
        return storage.read(RegistryLayout.manifestMediaType(repository, digest))
                .map(bytes -> new MediaType(new String(bytes, StandardCharsets.UTF_8)))
                .orElseThrow(() -> unknown(repository, digest));
    }

    /** The digest a reference names in the repository, or MANIFEST_UNKNOWN. */
    private Digest resolve(RepositoryName repository, Reference reference) {
        Digest digest = switch (reference) {
            case Digest d -> d;
            case Tag tag -> tags.get(repository, tag).orElseThrow(() ->
                    RegistryException.of(ErrorCode.MANIFEST_UNKNOWN, "no tag " + tag + " in repository " + repository, tag.value()));
        };
        if (!storage.exists(RegistryLayout.manifestRevisionLink(repository, digest))) {
            throw unknown(repository, digest);
        }
        return digest;
    }

    private void deleteTagsPointingAt(RepositoryName repository, Digest digest) {
        List<String> names;
        try {
            names = tags.list(repository, PageRequest.all()).entries();
        } catch (RegistryException noTags) {
            return;
        }
        for (String name : names) {
            Tag tag = new Tag(name);
            if (tags.get(repository, tag).filter(digest::equals).isPresent()) {
                try {
                    tags.delete(repository, tag);
                } catch (RegistryException goneMeanwhile) {
                    // deleted by another request since the listing
                }
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

    private static RegistryException unknown(RepositoryName repository, Digest digest) {
        return RegistryException.of(ErrorCode.MANIFEST_UNKNOWN, "manifest unknown to repository " + repository, digest.toString());
    }
}
