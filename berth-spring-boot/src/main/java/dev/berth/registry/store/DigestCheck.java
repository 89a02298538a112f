package dev.berth.registry.store;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import dev.berth.registry.metrics.RegistryMetrics;
import dev.berth.registry.metrics.RegistryMetrics.Mismatch;
import dev.berth.registry.naming.Digest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where content is held against its digest: a mismatch is counted
 * ({@code berth.digest.mismatches}), logged, and refused in the way its place calls for.
 */
public final class DigestCheck {
    private static final Logger log = LoggerFactory.getLogger(DigestCheck.class);

    private final RegistryMetrics metrics;

    public DigestCheck(RegistryMetrics metrics) {
        this.metrics = metrics;
    }

    /** Whether the content hashed to its digest; a mismatch is counted and logged with {@code context}. */
    public boolean matches(Mismatch where, Digest expected, Digest actual, String context) {
        if (actual.equals(expected)) {
            return true;
        }
        metrics.digestMismatch(where);
        switch (where) {
            case UPLOAD, MANIFEST_PUSH -> log.atWarn().setMessage("content refused: it does not match its digest")
                    .addKeyValue("where", where.name().toLowerCase(java.util.Locale.ROOT))
                    .addKeyValue("repository", context)
                    .addKeyValue("digest", expected.toString())
                    .addKeyValue("actualDigest", actual.toString())
                    .log();
            case BLOB_READ, MANIFEST_READ -> log.error("Stored content of {} hashes to {} ({}); refusing to serve it", expected, actual, context);
        }
        return false;
    }

    /**
     * Refuses what a client sent when it does not hash to the digest it declared (DIGEST_INVALID),
     * or stored content that does not (UNKNOWN: the client did nothing wrong).
     */
    public void require(Mismatch where, Digest expected, Digest actual, String context) {
        if (matches(where, expected, actual, context)) {
            return;
        }
        throw switch (where) {
            case UPLOAD -> RegistryException.of(ErrorCode.DIGEST_INVALID, "the uploaded content hashes to " + actual, expected.toString());
            case MANIFEST_PUSH -> RegistryException.of(ErrorCode.DIGEST_INVALID, "the manifest hashes to " + actual, expected.toString());
            case BLOB_READ, MANIFEST_READ -> RegistryException.of(ErrorCode.UNKNOWN, "stored content failed verification", expected.toString());
        };
    }
}
