package dev.nubo.core.trigger;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

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
        List<String> topics,
        String function,
        LabelSelector functionSelector,
        String consumerGroup,
        StartFrom startFrom,
        DeliveryGuarantee delivery,
        Ordering ordering,
        Integer maxConcurrency,
        Integer maxRetries,
        RetryBackoff retryBackoff,
        String deadLetterTopic,
        String replyTopic,
        Boolean enabled) implements TriggerSpec {

    public static final int DEFAULT_MAX_CONCURRENCY = 16;
    public static final int DEFAULT_MAX_RETRIES = 5;
    public static final String DEFAULT_DEAD_LETTER = "{topic}.dlq";

    public KafkaTriggerSpec {
        topics = topics == null ? List.of() : List.copyOf(topics);
    }

    public enum StartFrom { latest, earliest }
}
