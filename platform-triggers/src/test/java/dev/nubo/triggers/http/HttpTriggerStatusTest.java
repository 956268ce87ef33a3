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
}
