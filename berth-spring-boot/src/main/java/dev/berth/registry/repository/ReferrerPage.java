package dev.berth.registry.repository;

import java.util.List;
import java.util.Optional;

/**
 * One page of a subject's referrers, in digest order.
 *
 * @param referrers the referrers on this page
 * @param next where the next page starts (its {@code last}), when more may follow
 */
public record ReferrerPage(List<Referrer> referrers, Optional<String> next) {
    public ReferrerPage {
        referrers = List.copyOf(referrers);
    }
}
