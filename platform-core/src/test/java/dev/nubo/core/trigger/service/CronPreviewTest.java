package dev.nubo.core.trigger.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.ValidationException;

class CronPreviewTest {

    private final CronPreview preview = new CronPreview(Clock.fixed(Instant.parse("2026-01-15T12:03:10Z"),
            ZoneOffset.UTC));

    @Test
    void showsTheNextFiveTimesByDefault() {
        CronPreview.Preview next = preview.preview("0 9 * * *", "Europe/Paris", null);

        assertThat(next.timeZone()).isEqualTo("Europe/Paris");
        assertThat(next.from()).isEqualTo(Instant.parse("2026-01-15T12:03:10Z"));
        assertThat(next.nextFireTimes()).containsExactly(Instant.parse("2026-01-16T08:00:00Z"),
                Instant.parse("2026-01-17T08:00:00Z"), Instant.parse("2026-01-18T08:00:00Z"),
                Instant.parse("2026-01-19T08:00:00Z"), Instant.parse("2026-01-20T08:00:00Z"));
        assertThat(preview.preview("@every 1m", null, 2).nextFireTimes()).hasSize(2);
        assertThat(preview.preview("@hourly", "", 1).timeZone()).isEqualTo("UTC");
    }

    @Test
    void aBadScheduleIsAFieldError() {
        assertThatThrownBy(() -> preview.preview("61 * * * *", "Nowhere/Town", 0))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field, FieldError::code).containsExactly(
                                org.assertj.core.groups.Tuple.tuple("timeZone", "TIME_ZONE_INVALID"),
                                org.assertj.core.groups.Tuple.tuple("schedule", "SCHEDULE_INVALID"),
                                org.assertj.core.groups.Tuple.tuple("count", "OUT_OF_RANGE")));
    }
}
