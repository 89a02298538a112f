package dev.berth.registry.repository;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.MediaType;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** A manifest with a subject, as the referrers API describes it. */
public record Referrer(MediaType mediaType, Digest digest, long size, Optional<String> artifactType, Optional<JsonNode> annotations) {
}
