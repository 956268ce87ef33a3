package dev.nubo.core.trigger.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.nubo.core.trigger.CronSchedule;
import dev.nubo.core.trigger.CronTriggerSpec;
import dev.nubo.core.trigger.CronTriggerValidator;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.ValidationException;

/**
 * The next fire times of a schedule before any trigger is saved (the console shows them while a schedule is typed).
 * Side-effect free: nothing is stored, nothing scheduled.
 */
public class CronPreview {

    public static final int DEFAULT_COUNT = 5;
    public static final int MAX_COUNT = 100;

    private final Clock clock;

    public CronPreview(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param schedule as in {@link CronTriggerSpec#schedule()}
     * @param timeZone as in {@link CronTriggerSpec#timeZone()}; null or blank = UTC
     * @param count    how many times, 1–{@value #MAX_COUNT}; null = {@value #DEFAULT_COUNT}
     * @throws ValidationException with errors on the fields {@code schedule}, {@code timeZone}, {@code count}
     */
    public Preview preview(String schedule, String timeZone, Integer count) {
        List<FieldError> errors = new java.util.ArrayList<>(
                CronTriggerValidator.schedule(schedule, timeZone, "schedule", "timeZone"));
        if (count != null && (count < 1 || count > MAX_COUNT)) {
            errors.add(new FieldError("count", "OUT_OF_RANGE", "must be between 1 and " + MAX_COUNT));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        String zone = timeZone == null || timeZone.isBlank() ? CronTriggerSpec.DEFAULT_TIME_ZONE : timeZone;
        CronSchedule parsed = CronSchedule.parse(schedule, zone);
        Instant now = clock.instant();
        return new Preview(schedule.strip(), zone, now, parsed.next(now, count == null ? DEFAULT_COUNT : count));
    }

    /** @param nextFireTimes strictly after {@code from}, in order */
    public record Preview(String schedule, String timeZone, Instant from, List<Instant> nextFireTimes) {
    }
}
