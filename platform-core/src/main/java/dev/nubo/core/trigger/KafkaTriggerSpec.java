package dev.nubo.core.trigger;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Kafka records → function calls (Kubeless: KafkaTrigger {@code topic}, {@code functionSelector}).
 *
 * @param topics          one or more topics
 * @param consumerGroup   default {@code nubo-{namespace}-{trigger}}
 * @param startFrom       where a new consumer group starts: latest (default) or earliest
 * @param delivery        atLeastOnce (default) or atMostOnce
 * @param ordering        partition (default), key or none
 * @param maxConcurrency  calls in flight per function of the trigger (default 16)
 * @param maxRetries      retries after the first attempt before a record is dead-lettered (default 5)
 * @param retryBackoff    waits between attempts (default 200 ms, ×2, at most 30 s)
 * @param deadLetterTopic where records go that failed for good: default {@code {topic}.dlq} ({@code {topic}} is the
 *                        record's topic); "" = dropped after the retries (logged, counted)
 * @param replyTopic      optional: each 2xx answer is produced there (record key and event id kept)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KafkaTriggerSpec(
        @JsonPropertyDescription("The topics consumed.")
        List<String> topics,
        @JsonPropertyDescription("The function called, in the trigger's namespace.")
        String function,
        @JsonPropertyDescription("Chooses the target functions of the namespace by label (instead of function).")
        LabelSelector functionSelector,
        @JsonPropertyDescription("Consumer group (default nubo-<namespace>-<trigger>).")
        String consumerGroup,
        @JsonPropertyDescription("Where a new consumer group starts: latest (default) or earliest.")
        StartFrom startFrom,
        @JsonPropertyDescription("atLeastOnce (default) or atMostOnce.")
        DeliveryGuarantee delivery,
        @JsonPropertyDescription("partition (default), key or none.")
        Ordering ordering,
        @JsonPropertyDescription("Calls in flight per function (default 16).")
        Integer maxConcurrency,
        @JsonPropertyDescription("Retries after the first attempt before a record is dead-lettered (default 5).")
        Integer maxRetries,
        @JsonPropertyDescription("Waits between attempts.")
        RetryBackoff retryBackoff,
        @JsonPropertyDescription("Where failed records go (default {topic}.dlq; empty = dropped).")
        String deadLetterTopic,
        @JsonPropertyDescription("Where each 2xx answer is produced; empty = nowhere.")
        String replyTopic,
        @JsonPropertyDescription("false: the trigger does not fire (default true).")
        @JsonProperty("enabled") Boolean enabled) implements TriggerSpec {

    public static final int DEFAULT_MAX_CONCURRENCY = 16;
    public static final int DEFAULT_MAX_RETRIES = 5;
    public static final String DEFAULT_DEAD_LETTER = "{topic}.dlq";

    public KafkaTriggerSpec {
        topics = topics == null ? List.of() : List.copyOf(topics);
    }

    public enum StartFrom { latest, earliest }

    /** The consumer group a trigger gets when it names none. */
    public static String defaultConsumerGroup(String namespace, String trigger) {
        return "nubo-" + namespace + "-" + trigger;
    }

    /**
     * The stored form: consumer group {@code nubo-{namespace}-{trigger}}, latest, atLeastOnce, partition order, 16 in
     * flight, 5 retries, the default backoff, dead letters to {@code {topic}.dlq}, enabled.
     */
    public KafkaTriggerSpec withDefaults(String namespace, String trigger) {
        return new KafkaTriggerSpec(topics, function, functionSelector,
                consumerGroup == null || consumerGroup.isBlank() ? defaultConsumerGroup(namespace, trigger) : consumerGroup,
                startFrom == null ? StartFrom.latest : startFrom,
                delivery == null ? DeliveryGuarantee.atLeastOnce : delivery,
                ordering == null ? Ordering.partition : ordering,
                maxConcurrency == null ? DEFAULT_MAX_CONCURRENCY : maxConcurrency,
                maxRetries == null ? DEFAULT_MAX_RETRIES : maxRetries, RetryBackoff.withDefaults(retryBackoff),
                deadLetterTopic == null ? DEFAULT_DEAD_LETTER : deadLetterTopic, replyTopic,
                enabled == null || enabled);
    }
}
