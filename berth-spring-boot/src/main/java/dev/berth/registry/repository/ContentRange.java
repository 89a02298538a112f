package dev.berth.registry.repository;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code Content-Range} of an upload chunk: the offsets of its first and last byte. */
public record ContentRange(long first, long last) {
    // The spec sends "first-last"; some clients add the "bytes" unit or a total, which say nothing more.
    private static final Pattern FORMAT = Pattern.compile("(?:bytes[ =])?(\\d+)-(\\d+)(?:/(?:\\d+|\\*))?");

    public ContentRange {
        if (first < 0 || last < first) {
            throw RegistryException.of(ErrorCode.RANGE_INVALID, "a chunk's last byte cannot come before its first", first + "-" + last);
        }
    }

    public static Optional<ContentRange> parse(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Matcher matcher = FORMAT.matcher(header.trim());
        if (!matcher.matches()) {
            throw RegistryException.of(ErrorCode.RANGE_INVALID, "Content-Range must be <first>-<last>", header);
        }
        try {
            return Optional.of(new ContentRange(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))));
        } catch (NumberFormatException e) {
            throw RegistryException.of(ErrorCode.RANGE_INVALID, "Content-Range offsets are too large", header);
        }
    }

    public long length() {
        return last - first + 1;
    }
}
