package dev.berth.storage;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A valid storage path: {@code /} or one or more {@code /segment} where a segment matches
 * {@code [A-Za-z0-9._-]+} and is neither {@code .} nor {@code ..} (which would let a path escape a
 * filesystem driver's root). These are the paths of CNCF distribution's drivers.
 */
public record StoragePath(String value) {
    private static final Pattern VALID = Pattern.compile("^(/[A-Za-z0-9._-]+)+$");

    /** The root folder. */
    public static final StoragePath ROOT = new StoragePath("/");

    public StoragePath {
        String reason = problemWith(value);
        if (reason != null) {
            throw new IllegalArgumentException("invalid storage path " + quoted(value) + ": " + reason);
        }
    }

    public static StoragePath of(String value) {
        return new StoragePath(value);
    }

    /** Why the string is not a valid storage path, or {@code null} when it is. */
    public static String problemWith(String value) {
        if (value == null) {
            return "null";
        }
        if (value.equals("/")) {
            return null;
        }
        if (!VALID.matcher(value).matches()) {
            return "must match " + VALID.pattern();
        }
        for (String segment : value.substring(1).split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return "'.' and '..' are not allowed";
            }
        }
        return null;
    }

    public boolean isRoot() {
        return value.equals("/");
    }

    /** The last segment; empty for the root. */
    public String name() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    /** The parent folder; the root is its own parent. */
    public StoragePath parent() {
        int slash = value.lastIndexOf('/');
        return slash == 0 ? ROOT : new StoragePath(value.substring(0, slash));
    }

    public StoragePath child(String name) {
        return new StoragePath(isRoot() ? "/" + name : value + "/" + name);
    }

    /** The segments from the root down; empty for the root. */
    public List<String> segments() {
        return isRoot() ? List.of() : List.of(value.substring(1).split("/"));
    }

    /** Whether {@code other} is this path or lies below it. */
    public boolean contains(StoragePath other) {
        return isRoot() || other.value.equals(value) || other.value.startsWith(value + "/");
    }

    @Override
    public String toString() {
        return value;
    }

    private static String quoted(String value) {
        return value == null ? "null" : "'" + value + "'";
    }
}
