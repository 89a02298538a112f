package dev.berth.registry.ui;

import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** What an image runs on, as an index's descriptor or an image's config says: {@code linux/arm64/v8}. */
record Platform(String os, String architecture, Optional<String> variant) {
    Platform {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(variant, "variant");
    }

    /** From an object with {@code os}, {@code architecture} and maybe {@code variant}; empty without the first two. */
    static Optional<Platform> of(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        Optional<String> os = Json.text(node, "os");
        Optional<String> architecture = Json.text(node, "architecture");
        if (os.isEmpty() || architecture.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Platform(os.get(), architecture.get(), Json.text(node, "variant")));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + variant.map(v -> "/" + v).orElse("");
    }
}
