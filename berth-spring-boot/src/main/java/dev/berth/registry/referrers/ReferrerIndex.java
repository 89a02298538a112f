package dev.berth.registry.referrers;

import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.layout.RegistryLayout;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.MediaType;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.Referrer;
import dev.berth.registry.store.RegistryStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The local store's index of referrers: a folder of descriptors per subject, so that a listing
 * reads small files instead of every manifest of the repository. Manifest pushes and deletes keep it.
 */
public final class ReferrerIndex {
    private static final Logger log = LoggerFactory.getLogger(ReferrerIndex.class);

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
                try {
                    result.add(Digest.parse(RegistryLayout.name(algorithm) + ":" + RegistryLayout.name(hex)));
                } catch (RegistryException notADigest) {
                    log.warn("Ignoring {}: not a referrer's digest", hex); // a tree from elsewhere may hold anything
                }
            }
        }
        return result;
    }

    /** A referrer's recorded descriptor and how many bytes it took. */
    record Recorded(Referrer referrer, int size) {}

    /**
     * The descriptor of one referrer, if still recorded and readable: a tree from elsewhere may hold
     * anything there, and one unreadable descriptor is left out of the listing rather than failing it.
     */
    Optional<Recorded> read(RepositoryName repository, Digest subject, Digest referrer) {
        String path = RegistryLayout.referrerDescriptor(repository, subject, referrer);
        return storage.read(path).flatMap(bytes -> {
            try {
                JsonNode node = json.readTree(bytes);
                JsonNode artifactType = node.get("artifactType");
                JsonNode annotations = node.get("annotations");
                JsonNode size = node.required("size");
                if (!size.canConvertToLong() || size.longValue() < 0) {
                    throw new IllegalArgumentException("not a size: " + size);
                }
                return Optional.of(new Recorded(new Referrer(new MediaType(node.required("mediaType").asString()),
                        Digest.parse(node.required("digest").asString()), size.longValue(),
                        Optional.ofNullable(artifactType).filter(JsonNode::isString).map(JsonNode::asString),
                        Optional.ofNullable(annotations).filter(JsonNode::isObject)), bytes.length));
            } catch (RuntimeException unreadable) {
                log.warn("Leaving the referrer descriptor {} out of the listing: {}", path, unreadable.getMessage());
                return Optional.empty();
            }
        });
    }
}
