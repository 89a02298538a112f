package dev.berth.registry.repository;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import java.util.UUID;

/** The id of an upload in progress: a random UUID, so that ids cannot be guessed or collide. */
public record UploadId(String value) {

    public UploadId {
        try {
            if (value == null || !UUID.fromString(value).toString().equals(value)) {
                throw new IllegalArgumentException(value);
            }
        } catch (IllegalArgumentException e) {
            throw RegistryException.of(ErrorCode.BLOB_UPLOAD_UNKNOWN, "no upload has this id", value);
        }
    }

    public static UploadId random() {
        return new UploadId(UUID.randomUUID().toString());
    }
}
