package dev.berth.registry.mirror.upstream;

import java.time.Duration;
import java.time.Instant;
import org.apache.hc.client5.http.utils.DateUtils;

/** The {@code Retry-After} header: whole seconds or an HTTP date, capped so a reply cannot ask for forever. */
final class RetryAfter {
    static final Duration MAX = Duration.ofDays(1);

    private RetryAfter() {}

    /** The wait the header asks for, or {@code null} when it is missing or unreadable. */
    static Duration parse(String header, Instant now) {
        if (header == null || header.isBlank() || header.length() > 64) {
            return null;
        }
        String value = header.strip();
        if (value.chars().allMatch(Character::isDigit)) {
            return value.length() > 9 ? MAX : min(Duration.ofSeconds(Long.parseLong(value)));
        }
        Instant date = DateUtils.parseStandardDate(value);
        if (date == null) {
            return null;
        }
        Duration wait = Duration.between(now, date);
        return wait.isNegative() ? Duration.ZERO : min(wait);
    }

    private static Duration min(Duration wait) {
        return wait.compareTo(MAX) > 0 ? MAX : wait;
    }
}
