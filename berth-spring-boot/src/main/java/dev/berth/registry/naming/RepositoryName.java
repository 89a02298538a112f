package dev.berth.registry.naming;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import java.util.regex.Pattern;

/**
 * A repository name as the spec defines it: path components of lowercase letters and digits
 * joined by {@code .}, {@code _}, {@code __} or dashes, separated by {@code /}. Every component is
 * therefore a valid storage path segment that cannot start with {@code _}, which is why the
 * storage layout may keep its own folders beside a repository's children.
 */
public record RepositoryName(String value) implements Comparable<RepositoryName> {
    private static final Pattern VALID = Pattern.compile(
            "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");
    /** With a host name in front, a reference must stay within 255 characters. */
    private static final int MAX_LENGTH = 255;

    public RepositoryName {
        if (value == null || value.length() > MAX_LENGTH || !VALID.matcher(value).matches()) {
            throw RegistryException.of(ErrorCode.NAME_INVALID,
                    "a repository name must match " + VALID.pattern() + " and have at most " + MAX_LENGTH + " characters", value);
        }
    }

    @Override
    public int compareTo(RepositoryName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
