package dev.nubo.core.trigger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A schedule (Kubeless: CronJobTrigger {@code schedule}, {@code function-name}, {@code payload}).
 *
 * @param schedule          5-field cron ({@code min hour day-of-month month day-of-week}) or a macro
 *                          ({@code @hourly}, {@code @daily}, {@code @weekly}, {@code @monthly}, {@code @yearly})
 * @param timeZone          IANA zone the schedule is read in (default UTC)
 * @param payload           the event's data: any JSON value; null = no body
 * @param contentType       of the payload (default application/json)
 * @param concurrencyPolicy what a tick does while the previous call still runs: Allow (default), Forbid (skip the
 *                          tick), Replace (abandon the running call and make the new one)
 * @param catchUp           after downtime, fire the ticks that were missed (at most one per missed tick, bounded);
 *                          default false: missed ticks are skipped
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CronTriggerSpec(
        @JsonPropertyDescription("The function called, in the trigger's namespace.")
        String function,
        @JsonPropertyDescription("Chooses the target functions of the namespace by label (instead of function).")
        LabelSelector functionSelector,
        @JsonPropertyDescription("5-field cron, a macro (@hourly, @daily …) or @every <duration>.")
        String schedule,
        @JsonPropertyDescription("IANA time zone the schedule is read in (default UTC).")
        String timeZone,
        @JsonPropertyDescription("The event body: any JSON value; empty = no body.")
        Object payload,
        @JsonPropertyDescription("Content type of the payload (default application/json).")
        String contentType,
        @JsonPropertyDescription("A tick while the previous call runs: Allow (default), Forbid (skip) or Replace.")
        ConcurrencyPolicy concurrencyPolicy,
        @JsonPropertyDescription("After downtime, fire the newest missed ticks (default false).")
        Boolean catchUp,
        @JsonPropertyDescription("false: the trigger does not fire (default true).")
        @JsonProperty("enabled") Boolean enabled) implements TriggerSpec {

    public static final String DEFAULT_TIME_ZONE = "UTC";
    public static final String DEFAULT_CONTENT_TYPE = "application/json";

    public enum ConcurrencyPolicy { Allow, Forbid, Replace }

    /** The stored form: time zone UTC, content type application/json, policy Allow, no catch-up, enabled. */
    public CronTriggerSpec withDefaults() {
        return new CronTriggerSpec(function, functionSelector, schedule == null ? null : schedule.strip(),
                timeZone == null || timeZone.isBlank() ? DEFAULT_TIME_ZONE : timeZone,
                payload, contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType,
                concurrencyPolicy == null ? ConcurrencyPolicy.Allow : concurrencyPolicy, catchUp != null && catchUp,
                enabled == null || enabled);
    }
}
