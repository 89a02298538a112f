package dev.berth.registry.ipfs.publish;

import dev.berth.registry.naming.RepositoryName;
import java.util.Optional;

/**
 * Repositories whose images this registry does not publish, such as private ones: they get no
 * image CID. Beans of this type are asked before an image tree is built.
 */
@FunctionalInterface
public interface UnpublishedRepositories {

    /** Why the repository's images are not published, or empty when they are. */
    Optional<String> reason(RepositoryName repository);
}
