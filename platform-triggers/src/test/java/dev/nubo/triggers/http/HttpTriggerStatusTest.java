package dev.nubo.triggers.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.nubo.core.model.Condition;
import dev.nubo.core.trigger.HttpTrigger;
import dev.nubo.core.trigger.TriggerStatus;

class HttpTriggerStatusTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-04T06:00:00Z"), ZoneOffset.UTC);
    private final HttpTrigger stored = HttpTriggers.trigger("t", null, "/t", "fn", 1).withStatus(TriggerStatus.pending());

    private HttpTriggerView view(String status, String reason, List<String> functions) {
        return new HttpTriggerView("default", "t", "t", 1, Condition.of("Ready", status, reason, "m " + reason),
                functions);
    }

    @Test
    void aNewViewReplacesPendingWithTheObservedGeneration() {
        TriggerStatus merged = HttpTriggerStatus.merge(stored, view("True", "Active", List.of("fn")), clock);

        assertThat(merged.observedGeneration()).isEqualTo(1);
        assertThat(merged.functions()).containsExactly("fn");
        assertThat(merged.conditions()).singleElement().satisfies(c -> {
            assertThat(c.reason()).isEqualTo("Active");
            assertThat(c.lastTransitionTime()).isEqualTo(clock.instant());
        });
    }

    @Test
    void theSameViewWritesNothing() {
        TriggerStatus merged = HttpTriggerStatus.merge(stored, view("False", "FunctionNotFound", List.of()), clock);

        assertThat(HttpTriggerStatus.merge(stored.withStatus(merged), view("False", "FunctionNotFound", List.of()),
                clock)).isNull();
    }

    @Test
    void aViewOfAnotherGenerationOrTriggerWritesNothing() {
        HttpTriggerView old = new HttpTriggerView("default", "t", "t", 0, Condition.of("Ready", "True", "Active", "m"),
                List.of());
        HttpTriggerView other = new HttpTriggerView("default", "t", "another-uid", 1,
                Condition.of("Ready", "True", "Active", "m"), List.of());

        assertThat(HttpTriggerStatus.merge(stored, old, clock)).isNull();
        assertThat(HttpTriggerStatus.merge(stored, other, clock)).isNull();
    }

    @Test
    void callsAddToTheCountsAndTheNewestCallWins() {
        TriggerStatus shown = HttpTriggerStatus.merge(stored, view("True", "Active", List.of("fn")), clock);
        var early = new dev.nubo.core.trigger.TriggerStatus.Fire(Instant.parse("2026-12-04T06:00:01Z"), "fn", 200,
                "200 in 1.0 ms", null);
        var late = new dev.nubo.core.trigger.TriggerStatus.Fire(Instant.parse("2026-12-04T06:00:02Z"), "fn", 500,
                "500 in 2.0 ms", null);

        TriggerStatus once = HttpTriggerStatus.addCalls(stored.withStatus(shown), "t",
                new TriggerCalls.Delta(3, 1, late, late));
        TriggerStatus twice = HttpTriggerStatus.addCalls(stored.withStatus(once), "t",
                new TriggerCalls.Delta(2, 0, early, null));

        assertThat(twice.counts().calls()).isEqualTo(5);
        assertThat(twice.counts().failures()).isEqualTo(1);
        assertThat(twice.lastFire()).as("an older call from another instance does not replace a newer one")
                .isEqualTo(late);
        assertThat(twice.conditions()).isEqualTo(shown.conditions());
        assertThat(twice.observedGeneration()).isEqualTo(1);
        assertThat(HttpTriggerStatus.addCalls(stored, "another-uid", new TriggerCalls.Delta(1, 0, late, null)))
                .isNull();
    }
}
