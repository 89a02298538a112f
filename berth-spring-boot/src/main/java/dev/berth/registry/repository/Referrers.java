package dev.berth.registry.repository;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.RepositoryName;
import java.util.List;
import java.util.Optional;

/** The manifests of a repository that name a subject (signatures, SBOMs, attestations), as the referrers API lists them. */
public interface Referrers {

    /** The referrers of {@code subject}, only those of {@code artifactType} when given; none when there are none. */
    List<Referrer> list(RepositoryName repository, Digest subject, Optional<String> artifactType);
}
