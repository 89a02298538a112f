package dev.berth.registry.encryption.store;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@link PrivateTree#checkKeyset} found: a new tree, the keyset that made it, another keyset,
 * or a keyset that lacks the key the tree was last marked with (rotated on another node).
 *
 * @param lackedKey the key the keyset lacks, for {@link Outcome#LACKS_KEY}
 */
public record KeysetCheck(Outcome outcome, OptionalInt lackedKey) {
    public static final KeysetCheck NEW = new KeysetCheck(Outcome.NEW, OptionalInt.empty());
    public static final KeysetCheck MATCHES = new KeysetCheck(Outcome.MATCHES, OptionalInt.empty());
    public static final KeysetCheck OTHER_KEYSET = new KeysetCheck(Outcome.OTHER_KEYSET, OptionalInt.empty());

    static KeysetCheck lacking(int keyId) {
        return new KeysetCheck(Outcome.LACKS_KEY, OptionalInt.of(keyId));
    }

    public boolean readable() {
        return outcome == Outcome.NEW || outcome == Outcome.MATCHES;
    }

    /** Why the keyset cannot read the tree, for an error message; empty when it can. */
    public Optional<String> problem() {
        return switch (outcome) {
            case NEW, MATCHES -> Optional.empty();
            case OTHER_KEYSET -> Optional.of("encrypted under another keyset");
            case LACKS_KEY -> Optional.of("encrypted under key " + Integer.toUnsignedString(lackedKey.orElseThrow())
                    + ", which this registry's keyset does not hold: another keyset, or this one rotated on another node "
                    + "(then copy the rotated keyset file here and reload it)");
        };
    }

    public enum Outcome { NEW, MATCHES, OTHER_KEYSET, LACKS_KEY }
}
