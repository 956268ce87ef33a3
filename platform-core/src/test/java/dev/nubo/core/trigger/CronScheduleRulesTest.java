package dev.nubo.core.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class CronScheduleRulesTest {

    private static final Instant NOON = Instant.parse("2026-01-15T12:03:10Z"); // a Thursday

    @Test
    void fiveFieldsTickOnTheMinute() {
        CronSchedule every5 = CronSchedule.parse("*/5 * * * *", null);

        assertThat(every5.next(NOON)).isEqualTo(Instant.parse("2026-01-15T12:05:00Z"));
        assertThat(every5.next(NOON, 3)).containsExactly(Instant.parse("2026-01-15T12:05:00Z"),
                Instant.parse("2026-01-15T12:10:00Z"), Instant.parse("2026-01-15T12:15:00Z"));
        assertThat(every5.next(Instant.parse("2026-01-15T12:05:00Z"))).as("strictly after")
                .isEqualTo(Instant.parse("2026-01-15T12:10:00Z"));
        assertThat(every5.zone()).isEqualTo(java.time.ZoneId.of("UTC"));
    }

    @ParameterizedTest
    @CsvSource({
        "@hourly, 2026-01-15T13:00:00Z",
        "@daily, 2026-01-16T00:00:00Z",
        "@midnight, 2026-01-16T00:00:00Z",
        "@weekly, 2026-01-18T00:00:00Z",
        "@monthly, 2026-02-01T00:00:00Z",
        "@yearly, 2027-01-01T00:00:00Z",
        "@annually, 2027-01-01T00:00:00Z",
        "@HOURLY, 2026-01-15T13:00:00Z",
        "0 9 * * MON-FRI, 2026-01-16T09:00:00Z"})
    void macrosAndNamesMeanWhatCronMeans(String schedule, String next) {
        assertThat(CronSchedule.parse(schedule, "UTC").next(NOON)).isEqualTo(Instant.parse(next));
    }

    @Test
    void everyTicksOnMultiplesOfTheIntervalSinceTheEpoch() {
        CronSchedule every10s = CronSchedule.parse("@every 10s", null);
        assertThat(every10s.next(NOON, 2)).containsExactly(Instant.parse("2026-01-15T12:03:20Z"),
                Instant.parse("2026-01-15T12:03:30Z"));
        assertThat(CronSchedule.parse("@every 90m", null).next(NOON)).isEqualTo(Instant.parse("2026-01-15T13:30:00Z"));
        assertThat(CronSchedule.parse("@every 1h30m", null).next(NOON)).isEqualTo(Instant.parse("2026-01-15T13:30:00Z"));
    }

    @Test
    void aScheduleIsReadInItsTimeZoneAcrossDaylightSaving() {
        CronSchedule nineInParis = CronSchedule.parse("0 9 * * *", "Europe/Paris");

        assertThat(nineInParis.next(Instant.parse("2026-03-27T12:00:00Z"), 3)).containsExactly(
                Instant.parse("2026-03-28T08:00:00Z"), // winter time, UTC+1
                Instant.parse("2026-03-29T07:00:00Z"), // the clocks went forward that night: UTC+2
                Instant.parse("2026-03-30T07:00:00Z"));
        assertThat(nineInParis.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(nineInParis).hasToString("0 9 * * * (Europe/Paris)");
    }

    @Test
    void aDateThatNeverExistsNeverFires() {
        CronSchedule february30 = CronSchedule.parse("0 0 30 2 *", null);
        assertThat(february30.next(NOON)).isNull();
        assertThat(february30.next(NOON, 5)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'' | a schedule is required",
        "0 */5 * * * * | 5 fields",
        "* * * * | this one has 4",
        "@fortnightly | unknown macro @fortnightly",
        "@every 0s | at least 1s",
        "@every 500ms | a duration such as 10s",
        "@every tomorrow | a duration such as 10s",
        "61 * * * * | not a valid cron schedule",
        "* * * * MON-FOO | not a valid cron schedule"})
    void badSchedulesAreRefusedWithAMessageForTheUser(String schedule, String message) {
        assertThatThrownBy(() -> CronSchedule.parse(schedule, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message).satisfies(e -> assertThat(e.getMessage()).doesNotContain("0 61"));
    }

    @Test
    void anUnknownTimeZoneIsRefused() {
        assertThatThrownBy(() -> CronSchedule.parse("@hourly", "Mars/Olympus"))
                .hasMessageContaining("unknown time zone Mars/Olympus");
    }

    /** Round trip: every tick is one the schedule names, and asking just before a tick gives that tick again. */
    @Property(tries = 300)
    void dailyTicksLandOnTheirMinuteAndHour(@ForAll @IntRange(max = 59) int minute, @ForAll @IntRange(max = 23) int hour,
            @ForAll @LongRange(min = 0, max = 4_000_000_000L) long afterSeconds) {
        CronSchedule schedule = CronSchedule.parse(minute + " " + hour + " * * *", "UTC");
        Instant after = Instant.ofEpochSecond(afterSeconds);

        List<Instant> ticks = schedule.next(after, 3);

        assertThat(ticks).hasSize(3);
        assertThat(ticks.getFirst()).isAfter(after).isBeforeOrEqualTo(after.plus(Duration.ofDays(1)));
        for (Instant tick : ticks) {
            ZonedDateTime at = tick.atZone(ZoneOffset.UTC);
            assertThat(List.of(at.getMinute(), at.getHour(), at.getSecond(), at.getNano()))
                    .containsExactly(minute, hour, 0, 0);
            assertThat(schedule.next(tick.minusSeconds(1))).isEqualTo(tick);
        }
        assertThat(Duration.between(ticks.get(0), ticks.get(1))).isEqualTo(Duration.ofDays(1));
    }

    @Property(tries = 300)
    void everyTicksAreOneIntervalApart(@ForAll @IntRange(min = 1, max = 86_400) int seconds,
            @ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long afterMillis) {
        CronSchedule schedule = CronSchedule.parse("@every " + seconds + "s", null);
        Instant after = Instant.ofEpochMilli(afterMillis);

        List<Instant> ticks = schedule.next(after, 2);

        assertThat(ticks.getFirst()).isAfter(after).isBeforeOrEqualTo(after.plusSeconds(seconds));
        assertThat(ticks.getFirst().toEpochMilli() % (seconds * 1000L)).isZero();
        assertThat(Duration.between(ticks.get(0), ticks.get(1))).isEqualTo(Duration.ofSeconds(seconds));
    }
}
