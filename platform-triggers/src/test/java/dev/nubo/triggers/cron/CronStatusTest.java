package dev.nubo.triggers.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.trigger.CronSchedule;
import dev.nubo.core.trigger.CronTrigger;
import dev.nubo.core.trigger.CronTriggerSpec;
import dev.nubo.core.trigger.TriggerConditions;
import dev.nubo.core.trigger.TriggerStatus;
import dev.nubo.core.trigger.TriggerStatus.Fire;
import dev.nubo.triggers.cron.CronStatus.Delta;

class CronStatusTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:30Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final CronSchedule EVERY_MINUTE = CronSchedule.parse("* * * * *", null);

    private static CronTrigger stored(long generation, TriggerStatus status) {
        return new CronTrigger(CronTrigger.API_VERSION, CronTrigger.KIND, new ObjectMeta("t", "default", Map.of(), "uid-1",
                generation, "9", NOW), new CronTriggerSpec("fn", null, "* * * * *", null, null, null, null, null, null),
                status);
    }

    private static CronView view(long generation) {
        return CronView.armed(stored(generation, null), EVERY_MINUTE, List.of("fn"));
    }

    private static Fire fire(String time, String result) {
        return new Fire(Instant.parse(time), "fn", 200, result, "uid-1@" + time);
    }

    @Test
    void aFirstWriteShowsReadinessFunctionsNextTicksAndZeroCounts() {
        TriggerStatus status = CronStatus.merge(stored(1, null), view(1), Delta.NONE, NOW, CLOCK);

        assertThat(status.conditions()).singleElement().satisfies(c -> {
            assertThat(c.reason()).isEqualTo(TriggerConditions.REASON_ACTIVE);
            assertThat(c.message()).isEqualTo("fires on * * * * * (UTC)");
        });
        assertThat(status.observedGeneration()).isEqualTo(1);
        assertThat(status.functions()).containsExactly("fn");
        assertThat(status.nextFireTimes()).hasSize(5).first().isEqualTo(Instant.parse("2026-03-02T10:01:00Z"));
        assertThat(status.counts()).isEqualTo(new TriggerStatus.Counts(0, 0, 0));
        assertThat(CronStatus.merge(stored(1, status), view(1), Delta.NONE, NOW, CLOCK)).as("nothing new: no write")
                .isNull();
    }

    @Test
    void countsAddUpAndTheFireOfTheLaterTickWins() {
        TriggerStatus before = CronStatus.merge(stored(1, null), view(1),
                new Delta(fire("2026-03-02T10:02:00Z", "from the other instance"), null, 5, 1), NOW, CLOCK);

        TriggerStatus after = CronStatus.merge(stored(1, before), view(1),
                new Delta(fire("2026-03-02T10:01:00Z", "older"), fire("2026-03-02T10:01:00Z", "older"), 2, 1), NOW,
                CLOCK);

        assertThat(after.counts()).isEqualTo(new TriggerStatus.Counts(7, 2, 0));
        assertThat(after.lastFire().result()).isEqualTo("from the other instance");
        assertThat(after.lastError().result()).isEqualTo("older");
    }

    @Test
    void aViewOfAnOlderGenerationOnlyAddsItsFires() {
        TriggerStatus current = CronStatus.merge(stored(2, null), CronView.disabled(stored(2, null)), Delta.NONE, NOW,
                CLOCK);

        TriggerStatus merged = CronStatus.merge(stored(2, current), view(1),
                new Delta(fire("2026-03-02T10:00:00Z", "200 in 3 ms"), null, 1, 0), NOW, CLOCK);

        assertThat(merged.conditions()).isEqualTo(current.conditions());
        assertThat(merged.observedGeneration()).isEqualTo(2);
        assertThat(merged.nextFireTimes()).isNull();
        assertThat(merged.counts().calls()).isEqualTo(1);
    }

    @Test
    void aTriggerCreatedAgainUnderTheSameNameIsNotWrittenTo() {
        CronTrigger other = new CronTrigger(CronTrigger.API_VERSION, CronTrigger.KIND, new ObjectMeta("t", "default",
                Map.of(), "uid-2", 1L, "9", NOW), stored(1, null).spec(), null);

        assertThat(CronStatus.merge(other, view(1), new Delta(null, null, 1, 0), NOW, CLOCK)).isNull();
    }
}
