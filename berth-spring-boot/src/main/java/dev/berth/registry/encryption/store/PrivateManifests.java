package dev.berth.registry.encryption.store;

import dev.berth.registry.encryption.store.PrivateTree.StoredBlob;
import dev.berth.registry.encryption.store.Records.ManifestRecord;
import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.manifests.ManifestProperties;
import dev.berth.registry.metrics.RegistryMetrics.Mismatch;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.MediaType;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.Reference;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import dev.berth.registry.oci.Descriptor;
import dev.berth.registry.oci.Manifest;
import dev.berth.registry.repository.Manifests;
import dev.berth.registry.repository.PushedManifest;
import dev.berth.registry.repository.Referrer;
import dev.berth.registry.repository.StoredManifest;
import dev.berth.registry.store.DigestCheck;
import dev.berth.registry.store.ManifestPush;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import tools.jackson.databind.ObjectMapper;

/**
 * {@link Manifests} of private repositories, validated on push as public ones are; each stored as
 * one sealed record (digest, media type, bytes) under its keyed hash, checked against its digest
 * whenever it is read.
 */
public final class PrivateManifests implements Manifests {
    private static final Logger log = LoggerFactory.getLogger(PrivateManifests.class);

    private final PrivateTree tree;
    private final PrivateTags tags;
    private final PrivateReferrers referrers;
    private final ObjectMapper json;
    private final ManifestProperties properties;
    private final PrivateSweepGuard guard;
    private final DigestCheck check;
    private final ApplicationEventPublisher events;

    PrivateManifests(PrivateTree tree, PrivateTags tags, PrivateReferrers referrers, ObjectMapper json, ManifestProperties properties,
                     PrivateSweepGuard guard, DigestCheck check, ApplicationEventPublisher events) {
        this.tree = tree;
        this.tags = tags;
        this.referrers = referrers;
        this.json = json;
        this.properties = properties;
        this.guard = guard;
        this.check = check;
        this.events = events;
    }

    @Override
    public PushedManifest put(RepositoryName repository, Reference reference, Optional<MediaType> contentType, byte[] content,
                              List<Tag> extraTags) {
        ManifestPush push = ManifestPush.read(check, json, repository, reference, contentType, content, extraTags);
        Digest digest = push.digest();
        Manifest manifest = push.manifest();
        List<Tag> pointed = push.tags();
        guard.referencing(push.references(), () -> {
            requireReferencedBlobs(repository, manifest);
            RepositoryFolder home = tree.home(repository);
            String path = home.manifest(digest);
            tree.seal(path, home.manifestBinding(path), tree.mode(repository),
                    new ManifestRecord(digest, manifest.mediaType(), content).encode());
            tree.ensureNamed(home);
            manifest.subject().ifPresent(subject -> referrers.add(repository, subject.digest(),
                    new Referrer(manifest.mediaType(), digest, content.length, manifest.artifactType(), manifest.annotations())));
            for (Tag tag : pointed) {
                tags.put(repository, tag, digest);
            }
            return null;
        });
        log.atInfo().setMessage("private manifest pushed")
                .addKeyValue("repository", repository.toString())
                .addKeyValue("digest", digest.toString())
                .addKeyValue("mediaType", manifest.mediaType().value())
                .addKeyValue("size", content.length)
                .addKeyValue("imageTags", pointed.stream().map(Tag::value).distinct().collect(Collectors.joining(",")))
                .log();
        events.publishEvent(new PrivateTreeChanged());
        return new PushedManifest(digest, manifest.subject().map(Descriptor::digest));
    }

    @Override
    public StoredManifest get(RepositoryName repository, Reference reference) {
        Digest digest = switch (reference) {
            case Digest d -> d;
            case Tag tag -> tags.get(repository, tag).orElseThrow(() ->
                    RegistryException.of(ErrorCode.MANIFEST_UNKNOWN, "no tag " + tag + " in repository " + repository, tag.value()));
        };
        for (RepositoryFolder folder : tree.folders(repository)) {
            String path = folder.manifest(digest);
            Optional<byte[]> record = tree.open(path, folder.manifestBinding(path), "the manifest " + digest + " of " + repository);
            if (record.isPresent()) {
                ManifestRecord manifest = ManifestRecord.decode(record.get());
                check.require(Mismatch.MANIFEST_READ, digest, manifest.digest(), "private manifest record");
                check.require(Mismatch.MANIFEST_READ, digest, Digest.of(digest.algorithm(), manifest.content()), "private manifest");
                guard.use(digest);
                return new StoredManifest(digest, manifest.mediaType(), manifest.content(), Optional.empty());
            }
        }
        throw RegistryException.of(ErrorCode.MANIFEST_UNKNOWN, "manifest unknown to repository " + repository, digest.toString());
    }

    @Override
    public void delete(RepositoryName repository, Digest digest) {
        StoredManifest stored = get(repository, digest);
        Manifest manifest = Manifest.parse(json, stored.content(), Optional.of(stored.mediaType()));
        manifest.subject().ifPresent(subject -> referrers.remove(repository, subject.digest(), digest));
        deleteTagsPointingAt(repository, digest);
        for (RepositoryFolder folder : tree.folders(repository)) {
            tree.storage().delete(folder.manifest(digest));
        }
        log.atInfo().setMessage("private manifest deleted")
                .addKeyValue("repository", repository.toString())
                .addKeyValue("digest", digest.toString())
                .log();
        events.publishEvent(new PrivateTreeChanged());
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

    /** As for public manifests: an image manifest names only blobs the repository holds, at their sizes. */
    private void requireReferencedBlobs(RepositoryName repository, Manifest manifest) {
        manifest.config().ifPresent(config -> requireBlob(repository, config));
        for (Descriptor layer : manifest.layers()) {
            if (!layer.mediaType().isNonDistributable() && !properties.allowMissingLayers()) {
                requireBlob(repository, layer);
            }
        }
    }

    private void requireBlob(RepositoryName repository, Descriptor descriptor) {
        Optional<StoredBlob> stored = tree.blob(repository, descriptor.digest());
        if (stored.isEmpty()) {
            throw RegistryException.of(ErrorCode.MANIFEST_BLOB_UNKNOWN,
                    "the manifest names a blob the repository does not hold", descriptor.digest().toString());
        }
        if (stored.get().size() != descriptor.size()) {
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, "descriptor of " + descriptor.digest()
                    + " says " + descriptor.size() + " bytes but the blob has " + stored.get().size());
        }
    }
}
