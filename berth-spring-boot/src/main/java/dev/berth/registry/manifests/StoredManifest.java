package dev.berth.registry.manifests;

import dev.berth.registry.naming.Digest;
import dev.berth.registry.naming.MediaType;

/** A manifest as stored: its digest, the media type it was pushed with, and its verified bytes. */
public record StoredManifest(Digest digest, MediaType mediaType, byte[] content) {
}
