package dev.berth.registry.referrers;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.PageRequest;
import dev.berth.registry.naming.RepositoryName;
import dev.berth.registry.repository.Referrer;
import dev.berth.registry.repository.ReferrerPage;
import dev.berth.registry.repository.Referrers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@link Referrers} of the local store (and of remote trees, read the same way), read from its
 * {@link ReferrerIndex}. A page reads one descriptor at a time and stops, saying where to go on,
 * once it holds what was asked, has read {@value #MAX_EXAMINED} descriptors or {@value #MAX_PAGE_BYTES}
 * bytes of them, or has taken {@link #MAX_PAGE_TIME}: descriptors carry their manifests' annotations,
 * and a subject can have any number of referrers.
 */
public final class StoredReferrers implements Referrers {
    static final int MAX_EXAMINED = 1000;
    static final int MAX_PAGE_BYTES = 4 * 1024 * 1024;
    static final Duration MAX_PAGE_TIME = Duration.ofSeconds(10);

    private final ReferrerIndex index;

    public StoredReferrers(ReferrerIndex index) {
        this.index = index;
    }

    @Override
    public List<Referrer> list(RepositoryName repository, Digest subject, Optional<String> artifactType) {
        List<Referrer> result = new ArrayList<>();
        for (Digest referrer : index.referrersOf(repository, subject)) {
            index.read(repository, subject, referrer).map(ReferrerIndex.Recorded::referrer)
                    .filter(found -> artifactType.isEmpty() || found.artifactType().equals(artifactType))
                    .ifPresent(result::add);
        }
        return result;
    }

    @Override
    public ReferrerPage page(RepositoryName repository, Digest subject, Optional<String> artifactType, PageRequest request) {
        List<Digest> after = index.referrersOf(repository, subject).stream()
                .filter(digest -> request.last().isEmpty() || digest.toString().compareTo(request.last().get()) > 0)
                .sorted(Comparator.comparing(Digest::toString)).toList();
        int wanted = request.n().orElse(Integer.MAX_VALUE);
        long deadline = System.nanoTime() + MAX_PAGE_TIME.toNanos();
        List<Referrer> page = new ArrayList<>();
        long bytes = 0;
        int examined = 0;
        while (examined < after.size() && page.size() < wanted) {
            boolean budgetSpent = examined >= MAX_EXAMINED || bytes >= MAX_PAGE_BYTES || System.nanoTime() - deadline > 0;
            if (budgetSpent && examined > 0) {
                break;
            }
            Optional<ReferrerIndex.Recorded> read = index.read(repository, subject, after.get(examined++));
            if (read.isPresent() && (artifactType.isEmpty() || read.get().referrer().artifactType().equals(artifactType))) {
                page.add(read.get().referrer());
                bytes += read.get().size();
            }
        }
        boolean more = examined < after.size() && wanted > 0;
        return new ReferrerPage(page, more ? Optional.of(after.get(examined - 1).toString()) : Optional.empty());
    }
}
