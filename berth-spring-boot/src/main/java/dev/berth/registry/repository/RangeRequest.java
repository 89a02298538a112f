package dev.berth.registry.repository;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.Fact;
import dev.berth.registry.errors.RegistryException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One range of bytes a client asks of a blob ({@code first-last}, {@code first-} or the last
 * {@code suffix} bytes), before the blob's size is known.
 *
 * @param first the first byte, empty for a suffix range
 * @param last the last byte asked for, empty for "to the end"; with no first, the suffix length
 */
public record RangeRequest(Optional<String> first, Optional<String> last) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    /**
     * The range a {@code Range} header asks for. Headers this registry does not serve (another unit,
     * several ranges) are ignored, as HTTP allows, and the whole blob is sent.
     */
    public static Optional<RangeRequest> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher matcher = SINGLE.matcher(header.trim());
        if (!matcher.matches() || matcher.group(1).isEmpty() && matcher.group(2).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RangeRequest(Optional.of(matcher.group(1)).filter(s -> !s.isEmpty()),
                Optional.of(matcher.group(2)).filter(s -> !s.isEmpty())));
    }

    /** The bytes of a blob of {@code size} this asks for; a range outside the blob is {@link ErrorCode#RANGE_INVALID}. */
    public ByteRange resolve(long size) {
        try {
            long from;
            long to;
            if (first.isEmpty()) {
                long suffix = Long.parseLong(last.orElseThrow());
                if (suffix == 0) {
                    throw outside(size);
                }
                from = Math.max(0, size - suffix);
                to = size - 1;
            } else {
                from = Long.parseLong(first.get());
                to = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last.get()), size - 1);
                if (last.isPresent() && Long.parseLong(last.get()) < from) {
                    throw outside(size);
                }
            }
            if (from >= size) {
                throw outside(size);
            }
            return new ByteRange(from, to, size);
        } catch (NumberFormatException e) {
            throw outside(size);
        }
    }

    @Override
    public String toString() {
        return "bytes=" + first.orElse("") + "-" + last.orElse("");
    }

    private RegistryException outside(long size) {
        return RegistryException.of(ErrorCode.RANGE_INVALID, "the range is outside the blob of " + size + " bytes", toString())
                .with(new Fact.OutsideBlob(size));
    }
}
