package dev.berth.registry.mirror.upstream;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON reader for upstream replies: whatever an upstream sends, parsing stays bounded in depth,
 * size and token lengths (bodies are also bounded in bytes before they are parsed).
 */
final class UpstreamJson {
    static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(64)
                            .maxDocumentLength(ManifestGetCommand.MAX_MANIFEST_BYTES)
                            .maxStringLength(ManifestGetCommand.MAX_MANIFEST_BYTES)
                            .maxNameLength(4096)
                            .maxNumberLength(64)
                            .build())
                    .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private UpstreamJson() {}
}
