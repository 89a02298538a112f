package dev.berth.registry.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** How pages write sizes, times and digests; templates reach it as {@code fmt}. */
public final class Formats {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

    private final Clock clock;

    Formats(Clock clock) {
        this.clock = clock;
    }

    /** Sizes as docker prints them: powers of 1000, three significant digits. */
    public String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 999.5 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.2f %s" : value < 100 ? "%.1f %s" : "%.0f %s", value, UNITS[unit]);
    }

    public String time(Instant instant) {
        return UTC.format(instant);
    }

    /** For a {@code <time datetime>} attribute. */
    public String iso(Instant instant) {
        return instant.toString();
    }

    /** "just now", "5 minutes ago", "3 days ago". */
    public String ago(Instant instant) {
        Duration age = Duration.between(instant, clock.instant());
        if (age.isNegative() || age.toSeconds() < 60) {
            return "just now";
        }
        if (age.toMinutes() < 60) {
            return plural(age.toMinutes(), "minute");
        }
        if (age.toHours() < 48) {
            return plural(age.toHours(), "hour");
        }
        if (age.toDays() < 60) {
            return plural(age.toDays(), "day");
        }
        return plural(age.toDays() / 30, "month");
    }

    public String ago(Optional<Instant> instant) {
        return instant.map(this::ago).orElse("");
    }

    /** {@code sha256:0123456789ab}: enough to tell digests apart in a table. */
    public String shortDigest(String digest) {
        int colon = digest.indexOf(':');
        return colon < 0 || digest.length() <= colon + 13 ? digest : digest.substring(0, colon + 13);
    }

    /** The first and last characters of a CID, for narrow tables. */
    public String shortCid(String cid) {
        return cid.length() <= 20 ? cid : cid.substring(0, 10) + "…" + cid.substring(cid.length() - 6);
    }

    /** {@code 1h}, {@code 24h}, {@code 90s}, {@code 1h30m}: as the properties are written. */
    public String duration(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        long hours = duration.toHours();
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (duration.toMinutesPart() > 0) {
            text.append(duration.toMinutesPart()).append('m');
        }
        if (duration.toSecondsPart() > 0 || text.isEmpty()) {
            text.append(duration.toSecondsPart()).append('s');
        }
        return text.toString();
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s") + " ago";
    }
}
