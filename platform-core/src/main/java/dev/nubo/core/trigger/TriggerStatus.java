package dev.nubo.core.trigger;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import dev.nubo.core.model.Condition;

/**
 * What the platform made of a trigger, shared by every kind (kind-specific parts are null where they do not apply).
 *
 * @param conditions     {@code Ready}: True once the trigger fires (routes installed, consumer assigned, schedule
 *                       armed); False with a reason (FunctionNotFound, SourceUnavailable, Disabled, …)
 * @param functions      the functions the trigger currently calls (its name, or what its selector matches)
 * @param lastFire       the last call the trigger made, and how it ended
 * @param lastError      the last failed call or source error, kept after later successes
 * @param counts         calls made, failed (after retries), dead-lettered, since the trigger was created
 * @param nextFireTimes  cron: the next five ticks
 * @param partitions     Kafka (and other sources): position and lag per partition
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TriggerStatus(
        @JsonPropertyDescription("Ready: True once the trigger fires; False with a reason.")
        List<Condition> conditions,
        @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration,
        @JsonPropertyDescription("The functions the trigger calls now.")
        List<String> functions,
        @JsonPropertyDescription("The last call the trigger made, and how it ended.")
        Fire lastFire,
        @JsonPropertyDescription("The last failed call or source error.")
        Fire lastError,
        @JsonPropertyDescription("Calls made, failed and dead-lettered.")
        Counts counts,
        @JsonPropertyDescription("Cron: the next five ticks.")
        List<Instant> nextFireTimes,
        @JsonPropertyDescription("Position and lag per partition or stream.")
        List<PartitionLag> partitions) {

    public TriggerStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        functions = functions == null ? null : List.copyOf(functions);
        nextFireTimes = nextFireTimes == null ? null : List.copyOf(nextFireTimes);
        partitions = partitions == null ? null : List.copyOf(partitions);
    }

    /** What a new trigger is stored with: Ready=Unknown, reason Pending, until its dispatcher writes status. */
    public static TriggerStatus pending() {
        return pending(null);
    }

    /** {@link #pending()} with the time the trigger was stored as the condition's lastTransitionTime. */
    public static TriggerStatus pending(Instant since) {
        Condition waiting = new Condition(TriggerConditions.READY, Condition.UNKNOWN, TriggerConditions.REASON_PENDING,
                "waiting for the dispatcher", since);
        return new TriggerStatus(List.of(waiting), null, null, null, null, null, null, null);
    }

    /**
     * One call of a function by the trigger.
     *
     * @param time     when it was made
     * @param function which function
     * @param status   the function's HTTP status, or null when no answer came (timeout, connection failure)
     * @param result   short outcome: {@code 200 in 12 ms}, {@code timed out after 30 s}, {@code dead-lettered after 5 attempts}
     * @param eventId  the event id the call carried
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Fire(Instant time, String function, Integer status, String result, String eventId) {
    }

    public record Counts(long calls, long failures, long deadLettered) {
    }

    /** A consumer's position in one partition (Kafka) or stream (NATS): lag = end − committed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PartitionLag(String topic, int partition, Long committedOffset, Long endOffset, Long lag) {
    }
}
