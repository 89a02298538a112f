package dev.berth.registry.ui;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A manifest as a row of the repository page shows it.
 *
 * @param kind {@code image}, {@code index} or {@code artifact} (a manifest whose config is no image's)
 * @param size an image's config and layers; for an index, the sum over its images
 * @param platforms what it runs on: an image's own platform, or an index's images'
 * @param artifactType an artifact's type
 */
record ImageSummary(String kind, long size, List<Platform> platforms, Optional<String> artifactType) {
    ImageSummary {
        Objects.requireNonNull(kind, "kind");
        platforms = List.copyOf(platforms);
        Objects.requireNonNull(artifactType, "artifactType");
    }
}
