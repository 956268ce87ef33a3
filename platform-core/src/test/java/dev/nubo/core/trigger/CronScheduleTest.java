package dev.nubo.core.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class CronScheduleTest {

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void fiveFieldsMacrosAndIntervalsTickWhereTheySay() {
        assertThat(CronSchedule.parse("*/15 * * * *", null).next(at("2026-03-02T10:07:00Z"), 2))
                .containsExactly(at("2026-03-02T10:15:00Z"), at("2026-03-02T10:30:00Z"));
        assertThat(CronSchedule.parse("@hourly", null).next(at("2026-03-02T10:00:00Z")))
                .isEqualTo(at("2026-03-02T11:00:00Z"));
        assertThat(CronSchedule.parse("@weekly", null).next(at("2026-03-02T10:00:00Z")))
                .as("Sunday midnight").isEqualTo(at("2026-03-08T00:00:00Z"));
        assertThat(CronSchedule.parse("@every 10s", null).next(at("2026-03-02T10:00:03.500Z"), 2))
                .containsExactly(at("2026-03-02T10:00:10Z"), at("2026-03-02T10:00:20Z"));
    }

    @Test
    void aScheduleIsReadInItsTimeZone() {
        assertThat(CronSchedule.parse("0 9 * * *", "Asia/Tokyo").next(at("2026-03-02T10:00:00Z")))
                .isEqualTo(at("2026-03-03T00:00:00Z"));
        assertThat(CronSchedule.parse("0 9 * * *", "Europe/Paris").next(at("2026-03-27T12:00:00Z"), 3))
                .as("09:00 Paris time, before and after the spring-forward night")
                .containsExactly(at("2026-03-28T08:00:00Z"), at("2026-03-29T07:00:00Z"), at("2026-03-30T07:00:00Z"));
    }

    @Test
    void aLocalTimeTheClockSkipsFiresOnceWhenTheClockHasMovedOn() {
        // 2026-03-29 in Paris: 02:00 CET → 03:00 CEST, so 02:30 does not exist that night
        List<Instant> ticks = CronSchedule.parse("30 2 * * *", "Europe/Paris").next(at("2026-03-28T12:00:00Z"), 3);

        assertThat(ticks).containsExactly(at("2026-03-29T01:30:00Z"), at("2026-03-30T00:30:00Z"),
                at("2026-03-31T00:30:00Z"));
    }

    @Test
    void aLocalTimeTheClockPassesTwiceFiresOnce() {
        // 2026-10-25 in Paris: 03:00 CEST → 02:00 CET, so 02:30 happens at 00:30Z and again at 01:30Z
        List<Instant> ticks = CronSchedule.parse("30 2 * * *", "Europe/Paris").next(at("2026-10-24T12:00:00Z"), 3);

        assertThat(ticks).containsExactly(at("2026-10-25T00:30:00Z"), at("2026-10-26T01:30:00Z"),
                at("2026-10-27T01:30:00Z"));
        assertThat(CronSchedule.parse("30 2 * * *", "Europe/Paris").next(at("2026-10-25T01:00:00Z")))
                .as("asked during the repeated hour").isEqualTo(at("2026-10-26T01:30:00Z"));
    }

    @Test
    void aScheduleWithAnyHourFollowsRealTimeThroughARepeatedHour() {
        List<Instant> ticks = CronSchedule.parse("*/30 * * * *", "Europe/Paris").next(at("2026-10-24T23:45:00Z"), 5);

        assertThat(ticks).as("every 30 minutes of real time, both passes of 02:00–03:00 included").containsExactly(
                at("2026-10-25T00:00:00Z"), at("2026-10-25T00:30:00Z"), at("2026-10-25T01:00:00Z"),
                at("2026-10-25T01:30:00Z"), at("2026-10-25T02:00:00Z"));
    }

    @Test
    void theNextTickAfterAnInstantJustBeforeATickIsThatTick() {
        // what a scheduler relies on when it wakes up at a tick: across both changes of the year, in three zones
        for (String zone : List.of("Europe/Paris", "America/New_York", "Australia/Sydney")) {
            for (String schedule : List.of("30 2 * * *", "0,30 1-3 * * *", "*/20 * * * *", "15 2 * * 0", "@hourly")) {
                CronSchedule cron = CronSchedule.parse(schedule, zone);
                Instant previous = at("2026-01-01T00:00:00Z");
                for (Instant tick : cron.next(previous, 2000)) {
                    assertThat(tick).as(schedule + " in " + zone).isAfter(previous);
                    assertThat(cron.next(tick.minusMillis(1))).as(schedule + " in " + zone + " at " + tick)
                            .isEqualTo(tick);
                    previous = tick;
                }
            }
        }
    }

    @Test
    void badSchedulesAreRefusedWithAMessageForTheField() {
        assertThatThrownBy(() -> CronSchedule.parse("* * *", null)).hasMessageContaining("5 fields");
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *", null)).hasMessageContaining("not a valid cron");
        assertThatThrownBy(() -> CronSchedule.parse("@fortnightly", null)).hasMessageContaining("unknown macro");
        assertThatThrownBy(() -> CronSchedule.parse("@every 0.5s", null)).hasMessageContaining("at least 1s");
        assertThatThrownBy(() -> CronSchedule.parse("@daily", "Mars/Olympus")).hasMessageContaining("unknown time zone");
    }
}
