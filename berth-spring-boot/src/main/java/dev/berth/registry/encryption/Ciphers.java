package dev.berth.registry.encryption;

import java.util.Objects;

/**
 * The ciphers of one keyset: what a private repository's content is encrypted with. Immutable; a
 * rotation makes new ones from the rotated keyset.
 */
public record Ciphers(Keyset keyset, BlobCipher blobs, RecordCipher records, NameCipher names) {
    public Ciphers {
        Objects.requireNonNull(keyset, "keyset");
        Objects.requireNonNull(blobs, "blobs");
        Objects.requireNonNull(records, "records");
        Objects.requireNonNull(names, "names");
    }

    public static Ciphers of(Keyset keyset) {
        return new Ciphers(keyset, new BlobCipher(keyset), new RecordCipher(keyset), new NameCipher(keyset));
    }
}
