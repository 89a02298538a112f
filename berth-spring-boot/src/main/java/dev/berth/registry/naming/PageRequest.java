package dev.berth.registry.naming;

import dev.berth.registry.errors.ErrorCode;
import dev.berth.registry.errors.RegistryException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code n} and {@code last} parameters of a listing: at most {@code n} entries, starting
 * after {@code last} in lexical order.
 */
public record PageRequest(OptionalInt n, Optional<String> last) {

    /** Every entry. */
    public static PageRequest all() {
        return new PageRequest(OptionalInt.empty(), Optional.empty());
    }

    public static PageRequest parse(String n, String last) {
        OptionalInt limit = OptionalInt.empty();
        if (n != null && !n.isEmpty()) {
            try {
                limit = OptionalInt.of(Integer.parseInt(n));
            } catch (NumberFormatException e) {
                throw RegistryException.of(ErrorCode.PAGINATION_NUMBER_INVALID, "n must be a whole number", n);
            }
            if (limit.getAsInt() < 0) {
                throw RegistryException.of(ErrorCode.PAGINATION_NUMBER_INVALID, "n cannot be negative", n);
            }
        }
        return new PageRequest(limit, Optional.ofNullable(last).filter(s -> !s.isEmpty()));
    }

    /** The same request, asking for at most {@code max} entries: a listing's own bound on what one answer holds. */
    public PageRequest atMost(int max) {
        return new PageRequest(OptionalInt.of(Math.min(n.orElse(max), max)), last);
    }

    /** The page of the sorted {@code all} that this request asks for. */
    public Page apply(List<String> all) {
        List<String> after = last.map(l -> all.stream().filter(entry -> entry.compareTo(l) > 0).toList()).orElse(all);
        int limit = n.orElse(Integer.MAX_VALUE);
        if (after.size() <= limit) {
            return new Page(after, false);
        }
        return new Page(after.subList(0, limit), limit > 0);
    }
}
