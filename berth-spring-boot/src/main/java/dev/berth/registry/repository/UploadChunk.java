package dev.berth.registry.repository;

import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Bytes a request brings to an upload.
 *
 * @param range where the client says they go, if it says
 * @param declaredLength the request's Content-Length, if known (absent for a chunked stream)
 * @param body the bytes
 */
public record UploadChunk(Optional<ContentRange> range, OptionalLong declaredLength, InputStream body) {
}
