package dev.berth.registry.referrers;

import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.MediaType;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.Referrer;
import dev.berth.registry.store.RegistryStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The local store's index of referrers: a folder of descriptors per subject, so that a listing
 * reads small files instead of every manifest of the repository. Manifest pushes and deletes keep it.
 */
public final class ReferrerIndex {
    private final RegistryStorage storage;
    private final ObjectMapper json;

    public ReferrerIndex(RegistryStorage storage, ObjectMapper json) {
        this.storage = storage;
        this.json = json;
    }

    /** Records a manifest that names {@code subject}, with what the referrers API reports about it. */
    public void add(RepositoryName repository, Digest subject, Referrer referrer) {
        ObjectNode descriptor = json.createObjectNode();
        descriptor.put("mediaType", referrer.mediaType().value());
        descriptor.put("digest", referrer.digest().toString());
        descriptor.put("size", referrer.size());
        referrer.artifactType().ifPresent(type -> descriptor.put("artifactType", type));
        referrer.annotations().ifPresent(annotations -> descriptor.set("annotations", annotations));
        storage.write(RegistryLayout.referrerDescriptor(repository, subject, referrer.digest()), json.writeValueAsBytes(descriptor));
    }

    public void remove(RepositoryName repository, Digest subject, Digest referrer) {
        storage.delete(RegistryLayout.referrer(repository, subject, referrer));
    }

    /** The digests of the manifests that name {@code subject}. */
    public List<Digest> referrersOf(RepositoryName repository, Digest subject) {
        List<Digest> result = new ArrayList<>();
        for (String algorithm : storage.list(RegistryLayout.referrers(repository, subject))) {
            for (String hex : storage.list(algorithm)) {
                result.add(Digest.parse(RegistryLayout.name(algorithm) + ":" + RegistryLayout.name(hex)));
            }
        }
        return result;
    }

    /** The descriptor of one referrer, if still recorded. */
    Optional<Referrer> read(RepositoryName repository, Digest subject, Digest referrer) {
        return storage.read(RegistryLayout.referrerDescriptor(repository, subject, referrer)).map(bytes -> {
            JsonNode node = json.readTree(bytes);
            JsonNode artifactType = node.get("artifactType");
            JsonNode annotations = node.get("annotations");
            return new Referrer(new MediaType(node.get("mediaType").asString()), Digest.parse(node.get("digest").asString()),
                    node.get("size").asLong(), Optional.ofNullable(artifactType).map(JsonNode::asString),
                    Optional.ofNullable(annotations).filter(JsonNode::isObject));
        });
    }
}
