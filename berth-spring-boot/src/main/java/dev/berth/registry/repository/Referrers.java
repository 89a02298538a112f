package dev.berth.registry.repository;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.RepositoryName;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The manifests of a repository that name a subject (signatures, SBOMs, attestations), as the referrers API lists them. */
public interface Referrers {

    /** The referrers of {@code subject}, only those of {@code artifactType} when given; none when there are none. */
    List<Referrer> list(RepositoryName repository, Digest subject, Optional<String> artifactType);

    /**
     * A page of the referrers of {@code subject} in digest order: at most {@code request.n()} of those
     * after {@code request.last()}. An implementation may answer fewer and say where to go on, so that
     * no answer has to hold them all; this default pages {@link #list}.
     */
    default ReferrerPage page(RepositoryName repository, Digest subject, Optional<String> artifactType, PageRequest request) {
        List<Referrer> after = list(repository, subject, artifactType).stream()
                .filter(referrer -> request.last().isEmpty() || referrer.digest().toString().compareTo(request.last().get()) > 0)
                .sorted(Comparator.comparing(referrer -> referrer.digest().toString()))
                .toList();
        int n = request.n().orElse(Integer.MAX_VALUE);
        if (after.size() <= n || n == 0) {
            return new ReferrerPage(after.subList(0, Math.min(n, after.size())), Optional.empty());
        }
        return new ReferrerPage(after.subList(0, n), Optional.of(after.get(n - 1).digest().toString()));
    }
}
