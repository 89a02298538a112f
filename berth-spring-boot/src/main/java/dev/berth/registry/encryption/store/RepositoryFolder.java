package dev.berth.registry.encryption.store;

import dev.berth.registry.encryption.NameScheme;
import dev.berth.registry.encryption.RecordBinding;
import dev.berth.registry.encryption.RecordPurpose;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.naming.Tag;
import java.util.Objects;

/**
 * A private repository's folder under one {@link NameScheme}: the paths of its records, and what
 * each record is bound to. Records are bound to the repository's name and to the key they are
 * stored under, so that none opens in another place.
 */
final class RepositoryFolder {
    private final RepositoryName name;
    private final NameScheme scheme;
    private final String key;

    RepositoryFolder(RepositoryName name, NameScheme scheme) {
        this.name = Objects.requireNonNull(name, "name");
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.key = scheme.repositoryKey(name);
    }

    RepositoryName name() {
        return name;
    }

    NameScheme scheme() {
        return scheme;
    }

    /** The folder's storage key. */
    String key() {
        return key;
    }

    String path() {
        return PrivateLayout.repository(key);
    }

    String nameFile() {
        return PrivateLayout.repositoryName(key);
    }

    String layers() {
        return PrivateLayout.layers(key);
    }

    String layer(Digest digest) {
        return PrivateLayout.layer(key, scheme.blobKey(digest));
    }

    String manifests() {
        return PrivateLayout.manifests(key);
    }

    String manifest(Digest digest) {
        return PrivateLayout.manifest(key, scheme.blobKey(digest));
    }

    String tags() {
        return PrivateLayout.tags(key);
    }

    String tag(Tag tag) {
        return PrivateLayout.tag(key, scheme.tagKey(name, tag));
    }

    /** The folder of every subject's referrers. */
    String referrers() {
        return PrivateLayout.referrers(key);
    }

    String referrers(Digest subject) {
        return PrivateLayout.referrers(key, scheme.blobKey(subject));
    }

    String referrer(Digest subject, Digest referrer) {
        return PrivateLayout.referrer(key, scheme.blobKey(subject), scheme.blobKey(referrer));
    }

    /** A layer record at a path below {@link #layers()}. */
    RecordBinding layerBinding(String layerPath) {
        return new RecordBinding(RecordPurpose.LAYER, name.value(), PrivateLayout.name(layerPath));
    }

    RecordBinding manifestBinding(String manifestPath) {
        return new RecordBinding(RecordPurpose.MANIFEST, name.value(), PrivateLayout.name(manifestPath));
    }

    RecordBinding tagBinding(String tagPath) {
        return new RecordBinding(RecordPurpose.TAG, name.value(), PrivateLayout.name(tagPath));
    }

    /** A referrer's descriptor at {@code <subject key>/<referrer key>}. */
    RecordBinding referrerBinding(String referrerPath) {
        String referrerKey = PrivateLayout.name(referrerPath);
        String subjectFolder = referrerPath.substring(0, referrerPath.length() - referrerKey.length() - 1);
        return new RecordBinding(RecordPurpose.REFERRER, name.value(), PrivateLayout.name(subjectFolder) + "/" + referrerKey);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RepositoryFolder folder && folder.key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public String toString() {
        return "RepositoryFolder[" + name + ", " + scheme + "]";
    }
}
