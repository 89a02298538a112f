package dev.berth.registry.blobs;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The bytes {@code first..last} (inclusive) of a blob of {@code size} bytes. */
public record ByteRange(long first, long last, long size) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    public ByteRange {
        if (first < 0 || last < first || last >= size) {
            throw new IllegalArgumentException("bad range " + first + "-" + last + " of " + size);
        }
    }

    /**
     * The range a {@code Range} header asks for. Headers this registry does not serve (another unit,
     * several ranges) are ignored, as HTTP allows, and the whole blob is sent; a range outside the
     * blob is {@link ErrorCode#RANGE_INVALID}.
     */
    public static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher matcher = SINGLE.matcher(header.trim());
        if (!matcher.matches() || matcher.group(1).isEmpty() && matcher.group(2).isEmpty()) {
            return Optional.empty();
        }
        try {
            long first;
            long last;
            if (matcher.group(1).isEmpty()) {
                long suffix = Long.parseLong(matcher.group(2));
                first = Math.max(0, size - suffix);
                last = size - 1;
                if (suffix == 0) {
                    throw unsatisfiable(header, size);
                }
            } else {
                first = Long.parseLong(matcher.group(1));
                last = matcher.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(matcher.group(2)), size - 1);
                if (!matcher.group(2).isEmpty() && Long.parseLong(matcher.group(2)) < first) {
                    throw unsatisfiable(header, size);
                }
            }
            if (first >= size) {
                throw unsatisfiable(header, size);
            }
            return Optional.of(new ByteRange(first, last, size));
        } catch (NumberFormatException e) {
            throw unsatisfiable(header, size);
        }
    }

    public long length() {
        return last - first + 1;
    }

    /** The value of the {@code Content-Range} header for this range. */
    public String contentRange() {
        return "bytes " + first + "-" + last + "/" + size;
    }

    private static RegistryException unsatisfiable(String header, long size) {
        return RegistryException.of(ErrorCode.RANGE_INVALID, "the range is outside the blob of " + size + " bytes", header)
                .withHeaders(Map.of("Content-Range", "bytes */" + size));
    }
}
