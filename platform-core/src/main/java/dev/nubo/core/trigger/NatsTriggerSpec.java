package dev.nubo.core.trigger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * NATS JetStream messages → function calls (Kubeless: NATSTrigger {@code topic}, {@code functionSelector}); the
 * delivery settings mean what they mean for {@link KafkaTriggerSpec}, with a message subject for a topic.
 *
 * @param subject           the subject (wildcards allowed) the trigger consumes
 * @param stream            the JetStream stream holding the subject; created when missing; default
 *                          {@code nubo-{namespace}-{trigger}}
 * @param consumer          durable consumer name, default {@code nubo-{namespace}-{trigger}}
 * @param deadLetterSubject default {@code {subject}.dlq}; "" = dropped after the retries
 * @param replySubject      optional: each 2xx answer is published there
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NatsTriggerSpec(
        @JsonPropertyDescription("The subject consumed (wildcards allowed).")
        String subject,
        @JsonPropertyDescription("JetStream stream holding the subject (default nubo-<namespace>-<trigger>).")
        String stream,
        @JsonPropertyDescription("Durable consumer (default nubo-<namespace>-<trigger>).")
        String consumer,
        @JsonPropertyDescription("The function called, in the trigger's namespace.")
        String function,
        @JsonPropertyDescription("Chooses the target functions of the namespace by label (instead of function).")
        LabelSelector functionSelector,
        @JsonPropertyDescription("Where a new consumer starts: latest (default) or earliest.")
        KafkaTriggerSpec.StartFrom startFrom,
        @JsonPropertyDescription("atLeastOnce (default) or atMostOnce.")
        DeliveryGuarantee delivery,
        @JsonPropertyDescription("partition (default), key or none.")
        Ordering ordering,
        @JsonPropertyDescription("Calls in flight per function (default 16).")
        Integer maxConcurrency,
        @JsonPropertyDescription("Retries after the first attempt (default 5).")
        Integer maxRetries,
        @JsonPropertyDescription("Waits between attempts.")
        RetryBackoff retryBackoff,
        @JsonPropertyDescription("Where failed messages go (default {subject}.dlq; empty = dropped).")
        String deadLetterSubject,
        @JsonPropertyDescription("Where each 2xx answer is published; empty = nowhere.")
        String replySubject,
        @JsonPropertyDescription("false: the trigger does not fire (default true).")
        @JsonProperty("enabled") Boolean enabled) implements TriggerSpec {

    public static final String DEFAULT_DEAD_LETTER = "{subject}.dlq";

    /** The stream and durable consumer a trigger gets when it names none. */
    public static String defaultName(String namespace, String trigger) {
        return "nubo-" + namespace + "-" + trigger;
    }

    /**
     * The stored form: stream and consumer {@code nubo-{namespace}-{trigger}}, then the same delivery defaults as
     * {@link KafkaTriggerSpec#withDefaults}, dead letters to {@code {subject}.dlq}.
     */
    public NatsTriggerSpec withDefaults(String namespace, String trigger) {
        return new NatsTriggerSpec(subject,
                stream == null || stream.isBlank() ? defaultName(namespace, trigger) : stream,
                consumer == null || consumer.isBlank() ? defaultName(namespace, trigger) : consumer,
                function, functionSelector,
                startFrom == null ? KafkaTriggerSpec.StartFrom.latest : startFrom,
                delivery == null ? DeliveryGuarantee.atLeastOnce : delivery,
                ordering == null ? Ordering.partition : ordering,
                maxConcurrency == null ? KafkaTriggerSpec.DEFAULT_MAX_CONCURRENCY : maxConcurrency,
                maxRetries == null ? KafkaTriggerSpec.DEFAULT_MAX_RETRIES : maxRetries,
                RetryBackoff.withDefaults(retryBackoff),
                deadLetterSubject == null ? DEFAULT_DEAD_LETTER : deadLetterSubject, replySubject,
                enabled == null || enabled);
    }
}
