package dev.nubo.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** When two lists of conditions say the same to a reader (and a status write can be skipped). */
class ConditionsTest {

    private static Condition ready(String status, String reason, Instant since) {
        return new Condition("Ready", status, reason, "msg", since);
    }

    private static Condition built(Instant since) {
        return new Condition("BuildSucceeded", Condition.TRUE, "Built", "ok", since);
    }

    @Test
    void conditionsThatOnlyAgedOrMovedSayTheSame() {
        Instant then = Instant.parse("2026-12-04T09:00:00Z");
        Instant now = then.plusSeconds(60);
        assertThat(Conditions.sameAs(List.of(ready(Condition.TRUE, "Ready", then), built(then)),
                List.of(built(now), ready(Condition.TRUE, "Ready", now)))).isTrue();
    }

    @Test
    void aChangedOrMissingConditionDoesNot() {
        Instant at = Instant.parse("2026-12-04T09:00:00Z");
        assertThat(Conditions.sameAs(List.of(ready(Condition.TRUE, "Ready", at)),
                List.of(ready(Condition.FALSE, "Failed", at)))).isFalse();
        assertThat(Conditions.sameAs(List.of(ready(Condition.TRUE, "Ready", at)),
                List.of(ready(Condition.TRUE, "Ready", at), built(at)))).isFalse();
    }
}
