package dev.berth.registry.oci;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.MediaType;
import tools.jackson.databind.JsonNode;

/** A reference from one piece of content to another: its media type, digest and size. */
public record Descriptor(MediaType mediaType, Digest digest, long size) {

    public Descriptor {
        if (size < 0) {
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, "a descriptor's size cannot be negative", digest.toString());
        }
    }

    static Descriptor of(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, where + " must be a descriptor object");
        }
        JsonNode mediaType = node.get("mediaType");
        JsonNode digest = node.get("digest");
        JsonNode size = node.get("size");
        if (mediaType == null || !mediaType.isString() || digest == null || !digest.isString()
                || size == null || !size.isIntegralNumber()) {
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, where + " needs mediaType, digest and size");
        }
        if (!size.canConvertToLong()) {
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, where + "'s size is larger than any blob can be");
        }
        return new Descriptor(new MediaType(mediaType.asString()), Digest.parse(digest.asString()), size.longValue());
    }
}
