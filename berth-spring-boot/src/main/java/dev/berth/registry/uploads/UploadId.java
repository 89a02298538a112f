package dev.berth.registry.uploads;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The id of an upload in progress: a UUID with 74 random bits, so that ids cannot be guessed or
 * collide. New ids are version 7 UUIDs, which carry their creation time, so expiring abandoned
 * uploads needs no modification time from the storage driver (the IPFS driver keeps none).
 * Random (version 4) ids of earlier versions stay valid; they carry no time.
 */
public record UploadId(String value) {
    private static final SecureRandom RANDOM = new SecureRandom();

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
        return createdAt(Instant.now());
    }

    /** A new id carrying the given creation time (RFC 9562 version 7: 48 bits of milliseconds, then random bits). */
    public static UploadId createdAt(Instant created) {
        long mostSignificant = created.toEpochMilli() << 16 | 0x7000L | RANDOM.nextLong() & 0x0FFFL;
        long leastSignificant = RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UploadId(new UUID(mostSignificant, leastSignificant).toString());
    }

    /** When the upload started, if the id says (ids made by earlier versions do not). */
    public Optional<Instant> created() {
        UUID uuid = UUID.fromString(value);
        return uuid.version() == 7 ? Optional.of(Instant.ofEpochMilli(uuid.getMostSignificantBits() >>> 16)) : Optional.empty();
    }
}
