package dev.berth.registry.encryption;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;

/** Keysets for tests: real Tink keys, in files as the registry keeps them. */
final class Keysets {
    private Keysets() {
    }

    static Keyset inFile(Path file) {
        return new KeysetFile(file, Optional.empty()).loadOrCreate();
    }

    static Keyset fresh() throws GeneralSecurityException {
        return Keyset.generate();
    }

    /** A keyset whose one key has the given id, to meet another keyset's id with other key material. */
    static Keyset withKeyId(int keyId) throws GeneralSecurityException {
        return Keyset.of(KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedPrfParameters.HKDF_SHA256).withFixedId(keyId).makePrimary())
                .build());
    }
}
