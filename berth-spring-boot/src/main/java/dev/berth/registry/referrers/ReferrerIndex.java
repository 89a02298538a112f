package dev.berth.registry.referrers;

import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.layout.RegistryStorage;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The referrers of each subject, kept as a folder of descriptors per subject so that a listing
 * reads small files instead of every manifest of the repository.
 */
@Service
public class ReferrerIndex {
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

    /** The descriptors of the subject's referrers, only those of {@code artifactType} when given. */
    public List<JsonNode> list(RepositoryName repository, Digest subject, Optional<String> artifactType) {
        List<JsonNode> result = new ArrayList<>();
        for (Digest referrer : referrersOf(repository, subject)) {
            Optional<byte[]> descriptor = storage.read(RegistryLayout.referrerDescriptor(repository, subject, referrer));
            if (descriptor.isEmpty()) {
                continue;
            }
            JsonNode node = json.readTree(descriptor.get());
            JsonNode type = node.get("artifactType");
            if (artifactType.isEmpty() || type != null && artifactType.get().equals(type.asString())) {
                result.add(node);
            }
        }
        return result;
    }
}
