package dev.nubo.core.trigger;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
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
 *
 * <p>Daylight-saving changes follow Vixie cron: a schedule that names its hours ({@code 30 2 * * *}) fires each
 * local time once — a time the clock skips fires when the clock has moved on (02:30 on the spring-forward night
 * fires at 03:30), a time the clock passes twice fires the first time only. A schedule with {@code *} in its hour
 * field ({@code *}{@code /15 * * * *}, {@code @hourly}) follows real time and fires in both passes of a repeated hour.
 */
public final class CronSchedule {

    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    private static final String EVERY = "@every ";
    /** Named, so a schedule without a zone shows as "(UTC)". */
    private static final ZoneId UTC = ZoneId.of("UTC");
    /** More than any daylight-saving shift (they are 1 h, rarely 2 h). */
    private static final Duration DST_SLACK = Duration.ofHours(3);

    private final String text;
    private final CronExpression expression;
    private final Duration every;
    private final ZoneId zone;
    /** The hour field names hours: each local time fires once across daylight-saving changes. */
    private final boolean namedHours;

    private CronSchedule(String text, CronExpression expression, Duration every, ZoneId zone, boolean namedHours) {
        this.text = text;
        this.expression = expression;
        this.every = every;
        this.zone = zone;
        this.namedHours = namedHours;
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
            return new CronSchedule(text, null, interval(text.substring(EVERY.length()).strip()), zone, false);
        }
        String fields = text.startsWith("@") ? MACROS.get(lower) : text;
        if (fields == null) {
            throw new IllegalArgumentException("unknown macro " + text + "; use one of " + String.join(", ",
                    MACROS.keySet().stream().sorted().toList()) + " or @every <duration>");
        }
        String[] parts = fields.split("\\s+");
        int count = parts.length;
        if (count != 5) {
            throw new IllegalArgumentException("a cron schedule has 5 fields (minute hour day-of-month month"
                    + " day-of-week), this one has " + count);
        }
        try {
            return new CronSchedule(text, CronExpression.parse("0 " + fields), null, zone, !parts[1].contains("*"));
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
        if (!namedHours) {
            ZonedDateTime next = expression.next(after.atZone(zone));
            return next == null ? null : next.toInstant();
        }
        // Walk local times from a little before: atZone takes the earlier offset of a repeated time (fires once)
        // and moves a skipped one forward by the gap, which can put it after later local times; so the earliest
        // instant wins, and local times past it by more than any daylight-saving shift cannot be earlier.
        LocalDateTime local = LocalDateTime.ofInstant(after, zone).minus(DST_SLACK);
        Instant best = null;
        LocalDateTime bestLocal = null;
        while (true) {
            LocalDateTime candidate = expression.next(local);
            if (candidate == null || (bestLocal != null && candidate.isAfter(bestLocal.plus(DST_SLACK)))) {
                return best;
            }
            Instant instant = candidate.atZone(zone).toInstant();
            if (instant.isAfter(after) && (best == null || instant.isBefore(best))) {
                best = instant;
                bestLocal = candidate;
            }
            local = candidate;
        }
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
            return UTC;
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
