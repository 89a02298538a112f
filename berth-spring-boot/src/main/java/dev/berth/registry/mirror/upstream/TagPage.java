package dev.berth.registry.mirror.upstream;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of an upstream repository's tags.
 *
 * @param tags the tags of this page, in the upstream's order; names that are not valid tags are left out
 * @param next the {@code last} to ask for the next page with, when the upstream said there is one
 */
public record TagPage(List<String> tags, Optional<String> next) {
    public TagPage {
        tags = List.copyOf(tags);
        Objects.requireNonNull(next, "next");
    }
}
