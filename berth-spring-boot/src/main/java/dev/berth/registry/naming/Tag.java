package dev.berth.registry.naming;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import java.util.regex.Pattern;

/** A tag, as the spec's regular expression allows: up to 128 characters, never starting with '.' or '-'. */
public record Tag(String value) implements Reference {
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

    public Tag {
        if (value == null || !VALID.matcher(value).matches()) {
            throw RegistryException.of(ErrorCode.MANIFEST_INVALID, "a tag must match " + VALID.pattern(), value);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
