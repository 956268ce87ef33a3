package dev.nubo.core.trigger;

import com.fasterxml.jackson.annotation.JsonInclude;

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
        String subject,
        String stream,
        String consumer,
        String function,
        LabelSelector functionSelector,
        KafkaTriggerSpec.StartFrom startFrom,
        DeliveryGuarantee delivery,
        Ordering ordering,
        Integer maxConcurrency,
        Integer maxRetries,
        RetryBackoff retryBackoff,
        String deadLetterSubject,
        String replySubject,
        Boolean enabled) implements TriggerSpec {
}
