package dev.nubo.core.trigger;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.scheduling.support.CronExpression;

/**
 * A parsed schedule: a standard 5-field cron expression ({@code minute hour day-of-month month day-of-week}), a
 * macro ({@code @yearly @annually @monthly @weekly @daily @midnight @hourly}), or {@code @every <duration>}
 * ({@code @every 10s}, {@code @every 5m}; ticks on multiples of the interval since the epoch, at least 1 s).
 * Parsing is Spring's {@link CronExpression}: Nubo writes no cron parser. Ticks are read in the schedule's time zone,
 * so {@code 0 9 * * *} in Europe/Paris fires at 09:00 Paris time across daylight-saving changes.
 */
public final class CronSchedule {

    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    private static final String EVERY = "@every ";

    private final String text;
    private final CronExpression expression;
    private final Duration every;
    private final ZoneId zone;

    private CronSchedule(String text, CronExpression expression, Duration every, ZoneId zone) {
        this.text = text;
        this.expression = expression;
        this.every = every;
        this.zone = zone;
    }

    /**
     * @param schedule the schedule text
     * @param timeZone an IANA zone id, or null/blank for UTC
     * @throws IllegalArgumentException with a message fit for a field error
     */
    public static CronSchedule parse(String schedule, String timeZone) {
        if (schedule == null || schedule.isBlank()) {
            throw new IllegalArgumentException("a schedule is required, e.g. \"*/5 * * * *\" or \"@hourly\"");
        }
        ZoneId zone = zone(timeZone);
        String text = schedule.strip();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith(EVERY)) {
            return new CronSchedule(text, null, interval(text.substring(EVERY.length()).strip()), zone);
        }
        String fields = text.startsWith("@") ? MACROS.get(lower) : text;
        if (fields == null) {
            throw new IllegalArgumentException("unknown macro " + text + "; use one of " + String.join(", ",
                    MACROS.keySet().stream().sorted().toList()) + " or @every <duration>");
        }
        int count = fields.split("\\s+").length;
        if (count != 5) {
            throw new IllegalArgumentException("a cron schedule has 5 fields (minute hour day-of-month month"
                    + " day-of-week), this one has " + count);
        }
        try {
            return new CronSchedule(text, CronExpression.parse("0 " + fields), null, zone);
        } catch (IllegalArgumentException e) {
            // Spring quotes the 6-field expression it parsed ("0 " + fields): the user wrote 5 fields, so leave it out
            String reason = String.valueOf(e.getMessage()).replaceFirst(" in cron expression \".*\"$", "");
            throw new IllegalArgumentException("not a valid cron schedule: " + reason);
        }
    }

    /** The first tick strictly after {@code after}, or null when the schedule never fires again. */
    public Instant next(Instant after) {
        if (every != null) {
            long step = every.toMillis();
            long next = Math.floorDiv(after.toEpochMilli(), step) * step + step;
            return Instant.ofEpochMilli(next);
        }
        ZonedDateTime next = expression.next(after.atZone(zone));
        return next == null ? null : next.toInstant();
    }

    /** The next {@code count} ticks after {@code after}. */
    public List<Instant> next(Instant after, int count) {
        List<Instant> ticks = new ArrayList<>(count);
        Instant cursor = after;
        for (int i = 0; i < count; i++) {
            cursor = next(cursor);
            if (cursor == null) {
                break;
            }
            ticks.add(cursor);
        }
        return ticks;
    }

    public ZoneId zone() {
        return zone;
    }

    @Override
    public String toString() {
        return text + " (" + zone + ")";
    }

    private static ZoneId zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone " + timeZone + "; use an IANA id such as"
                    + " Europe/Paris or UTC");
        }
    }

    private static Duration interval(String text) {
        Duration interval;
        try {
            interval = Duration.parse("PT" + text.toUpperCase(Locale.ROOT));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("@every takes a duration such as 10s, 5m or 1h, not " + text);
        }
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("@every must be at least 1s");
        }
        return interval;
    }
}
