package dev.berth.registry.encryption;

/** How the content of a private repository is keyed; every ciphertext records its mode. */
public enum EncryptionMode {
    /**
     * Keys derived from the keyset and the content's digest (convergent encryption): the same
     * content becomes the same ciphertext on every node that holds the keyset, so nodes dedupe and
     * exchange it. Reveals which stored items are equal, to anyone who can compare them.
     */
    CONVERGENT((byte) 1),
    /** A fresh random key (or nonce) for every item: nothing is revealed, nothing is shared. */
    RANDOM((byte) 2);

    private final byte code;

    EncryptionMode(byte code) {
        this.code = code;
    }

    byte code() {
        return code;
    }

    static EncryptionMode ofCode(byte code) throws DecryptionException {
        for (EncryptionMode mode : values()) {
            if (mode.code == code) {
                return mode;
            }
        }
        throw new DecryptionException("unknown encryption mode " + code + " in a ciphertext header");
    }
}
