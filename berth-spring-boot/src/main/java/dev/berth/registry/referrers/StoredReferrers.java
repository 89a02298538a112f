package dev.berth.registry.referrers;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.Referrer;
import dev.berth.registry.repository.Referrers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link Referrers} of the local store, read from its {@link ReferrerIndex}. */
public final class StoredReferrers implements Referrers {
    private final ReferrerIndex index;

    public StoredReferrers(ReferrerIndex index) {
        this.index = index;
    }

    @Override
    public List<Referrer> list(RepositoryName repository, Digest subject, Optional<String> artifactType) {
        List<Referrer> result = new ArrayList<>();
        for (Digest referrer : index.referrersOf(repository, subject)) {
            index.read(repository, subject, referrer)
                    .filter(found -> artifactType.isEmpty() || found.artifactType().equals(artifactType))
                    .ifPresent(result::add);
        }
        return result;
    }
}
