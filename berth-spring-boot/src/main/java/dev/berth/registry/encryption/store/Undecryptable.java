package dev.berth.registry.encryption.store;

import dev.berth.registry.encryption.Ciphers;
import dev.berth.registry.encryption.DecryptionException;
import dev.berth.registry.encryption.RecordBinding;
import dev.berth.registry.encryption.RecordCipher;
import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import java.util.OptionalInt;

/**
 * Private content that does not decrypt, as the client hears of it: DENIED when it was made under
 * a key this registry's keyset does not hold (the keyset is outdated or another one), UNKNOWN when
 * it was altered or damaged. Never garbage bytes.
 */
final class Undecryptable {
    private Undecryptable() {
    }

    /** The record's plaintext, or the refusal. */
    static byte[] open(Ciphers ciphers, String what, RecordBinding binding, byte[] sealed) {
        try {
            return ciphers.records().open(binding, sealed);
        } catch (DecryptionException e) {
            throw of(ciphers, what, e, recordKeyId(sealed));
        }
    }

    static RegistryException of(Ciphers ciphers, String what, DecryptionException e, OptionalInt keyId) {
        if (keyId.isPresent() && !ciphers.keyset().holds(keyId.getAsInt())) {
            return RegistryException.of(ErrorCode.DENIED, what + " is encrypted with key " + Integer.toUnsignedString(keyId.getAsInt())
                    + ", which this registry's keyset does not hold: it needs the keyset that made it (after a rotation elsewhere, "
                    + "the rotated keyset file)");
        }
        return RegistryException.of(ErrorCode.UNKNOWN, what + " does not decrypt with this registry's keyset: " + e.getMessage());
    }

    /** The key a sealed record names, if it is one. */
    static OptionalInt recordKeyId(byte[] sealed) {
        try {
            return OptionalInt.of(RecordCipher.header(sealed).keyId());
        } catch (DecryptionException notARecord) {
            return OptionalInt.empty();
        }
    }
}
