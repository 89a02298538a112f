package dev.berth.registry.encryption.store;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.MediaType;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.Referrer;
import dev.berth.registry.repository.Referrers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link Referrers} of private repositories: a sealed record per referrer (its subject's digest and
 * its descriptor as the referrers API answers it), in a folder per subject, both named by keyed
 * hashes; written when a manifest with a subject is pushed.
 */
public final class PrivateReferrers implements Referrers {
    private final PrivateTree tree;
    private final ObjectMapper json;

    PrivateReferrers(PrivateTree tree, ObjectMapper json) {
        this.tree = tree;
        this.json = json;
    }

    @Override
    public List<Referrer> list(RepositoryName repository, Digest subject, Optional<String> artifactType) {
        List<Referrer> result = new ArrayList<>();
        Set<Digest> seen = new HashSet<>();
        for (RepositoryFolder folder : tree.folders(repository)) {
            for (String path : tree.storage().list(folder.referrers(subject))) {
                tree.open(path, folder.referrerBinding(path), "a referrer in " + repository).map(this::parse)
                        .filter(found -> seen.add(found.digest()))
                        .filter(found -> artifactType.isEmpty() || found.artifactType().equals(artifactType))
                        .ifPresent(result::add);
            }
        }
        return result;
    }

    /** Records a manifest that names {@code subject}, in the repository's folder for new content. */
    void add(RepositoryName repository, Digest subject, Referrer referrer) {
        RepositoryFolder home = tree.home(repository);
        ObjectNode descriptor = json.createObjectNode();
        descriptor.put("mediaType", referrer.mediaType().value());
        descriptor.put("digest", referrer.digest().toString());
        descriptor.put("size", referrer.size());
        referrer.artifactType().ifPresent(type -> descriptor.put("artifactType", type));
        referrer.annotations().ifPresent(annotations -> descriptor.set("annotations", annotations));
        ObjectNode record = json.createObjectNode();
        record.put("subject", subject.toString());
        record.set("descriptor", descriptor);
        String path = home.referrer(subject, referrer.digest());
        tree.seal(path, home.referrerBinding(path), tree.mode(repository), json.writeValueAsBytes(record));
    }

    void remove(RepositoryName repository, Digest subject, Digest referrer) {
        for (RepositoryFolder folder : tree.folders(repository)) {
            tree.storage().delete(folder.referrer(subject, referrer));
        }
    }

    /** The subject a referrer record names. */
    Digest subjectOf(byte[] record) {
        return Digest.parse(json.readTree(record).get("subject").asString());
    }

    /** The referrer a record describes. */
    Referrer parse(byte[] record) {
        JsonNode node = json.readTree(record).get("descriptor");
        JsonNode artifactType = node.get("artifactType");
        JsonNode annotations = node.get("annotations");
        return new Referrer(new MediaType(node.get("mediaType").asString()), Digest.parse(node.get("digest").asString()),
                node.get("size").asLong(), Optional.ofNullable(artifactType).map(JsonNode::asString),
                Optional.ofNullable(annotations).filter(JsonNode::isObject));
    }
}
