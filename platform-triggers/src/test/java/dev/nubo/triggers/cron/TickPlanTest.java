package dev.nubo.triggers.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.nubo.core.trigger.CronSchedule;

class TickPlanTest {

    private static final CronSchedule EVERY_MINUTE = CronSchedule.parse("* * * * *", null);
    private static final Duration GRACE = Duration.ofSeconds(60);

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void wokenOnTimeTheDueTickFiresAndTheNextIsTheFollowingOne() {
        TickPlan.Wake wake = TickPlan.wake(EVERY_MINUTE, at("2026-03-02T10:01:00Z"), at("2026-03-02T10:01:00.003Z"),
                GRACE);

        assertThat(wake).isEqualTo(new TickPlan.Wake(at("2026-03-02T10:01:00Z"), at("2026-03-02T10:02:00Z")));
    }

    @Test
    void wokenLateOnlyTheNewestTickWithinTheGraceFires() {
        assertThat(TickPlan.wake(EVERY_MINUTE, at("2026-03-02T10:01:00Z"), at("2026-03-02T10:05:20Z"), GRACE))
                .isEqualTo(new TickPlan.Wake(at("2026-03-02T10:05:00Z"), at("2026-03-02T10:06:00Z")));
        CronSchedule hourly = CronSchedule.parse("@hourly", null);
        assertThat(TickPlan.wake(hourly, at("2026-03-02T11:00:00Z"), at("2026-03-02T11:01:00.001Z"), GRACE))
                .isEqualTo(new TickPlan.Wake(null, at("2026-03-02T12:00:00Z")));
        assertThat(TickPlan.wake(hourly, at("2026-03-02T11:00:00Z"), at("2026-03-02T11:01:00Z"), GRACE).fire())
                .as("exactly the grace late still fires").isEqualTo(at("2026-03-02T11:00:00Z"));
    }

    @Test
    void missedTicksAreTheNewestAfterTheLastFiredOneWithinTheWindowOldestFirst() {
        assertThat(TickPlan.missed(EVERY_MINUTE, at("2026-03-02T10:02:00Z"), at("2026-03-02T10:07:30Z"), 10,
                Duration.ofHours(24))).containsExactly(at("2026-03-02T10:03:00Z"), at("2026-03-02T10:04:00Z"),
                at("2026-03-02T10:05:00Z"), at("2026-03-02T10:06:00Z"), at("2026-03-02T10:07:00Z"));
        assertThat(TickPlan.missed(EVERY_MINUTE, at("2026-03-02T10:02:00Z"), at("2026-03-02T10:07:30Z"), 2,
                Duration.ofHours(24))).containsExactly(at("2026-03-02T10:06:00Z"), at("2026-03-02T10:07:00Z"));
        assertThat(TickPlan.missed(EVERY_MINUTE, at("2026-03-01T10:00:00Z"), at("2026-03-02T10:07:30Z"), 10,
                Duration.ofMinutes(3))).as("window").containsExactly(at("2026-03-02T10:05:00Z"),
                at("2026-03-02T10:06:00Z"), at("2026-03-02T10:07:00Z"));
        assertThat(TickPlan.missed(EVERY_MINUTE, at("2026-03-02T10:07:00Z"), at("2026-03-02T10:07:30Z"), 10,
                Duration.ofHours(24))).as("nothing missed").isEmpty();
    }
}
