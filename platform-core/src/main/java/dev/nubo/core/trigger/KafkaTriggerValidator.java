package dev.nubo.core.trigger;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.nubo.core.validation.FieldError;

/**
 * KafkaTrigger rules: at least one legal, distinct topic; a consumer group; bounded concurrency, retries and backoff;
 * dead-letter and reply topics that are legal names and never one of the trigger's own topics (a record would loop).
 */
public final class KafkaTriggerValidator implements TriggerValidator<KafkaTrigger> {

    static final int MAX_TOPIC_LENGTH = 249;
    static final int MAX_TOPICS = 100;
    static final int MAX_GROUP_LENGTH = 255;
    static final String TOPIC_PLACEHOLDER = "{topic}";
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final Pattern GROUP = Pattern.compile("[\\x21-\\x7e]+");

    @Override
    public List<FieldError> validate(KafkaTrigger trigger) {
        List<FieldError> errors = TriggerChecks.common(trigger, new ArrayList<>(), true);
        KafkaTriggerSpec spec = trigger.spec();
        if (spec == null) {
            return errors;
        }
        topics(spec.topics(), errors);
        String group = spec.consumerGroup();
        if (group != null && (group.length() > MAX_GROUP_LENGTH || !GROUP.matcher(group).matches())) {
            errors.add(new FieldError("spec.consumerGroup", "CONSUMER_GROUP_INVALID",
                    "1 to " + MAX_GROUP_LENGTH + " visible ASCII characters, no spaces"));
        }
        TriggerChecks.range("spec.maxConcurrency", spec.maxConcurrency(), 1, TriggerChecks.MAX_CONCURRENCY, errors);
        TriggerChecks.range("spec.maxRetries", spec.maxRetries(), 0, TriggerChecks.MAX_RETRIES, errors);
        TriggerChecks.backoff("spec.retryBackoff", spec.retryBackoff(), errors);
        deadLetter(spec, errors);
        reply(spec, errors);
        return errors;
    }

    /** Kafka's own rule: {@code [a-zA-Z0-9._-]}, at most 249 characters, not "." or "..". */
    public static boolean isTopicName(String name) {
        return name != null && name.length() <= MAX_TOPIC_LENGTH && TOPIC.matcher(name).matches()
                && !name.equals(".") && !name.equals("..");
    }

    private static void topics(List<String> topics, List<FieldError> errors) {
        if (topics.isEmpty() || topics.size() > MAX_TOPICS) {
            errors.add(new FieldError("spec.topics", "TOPICS_REQUIRED",
                    "name between 1 and " + MAX_TOPICS + " topics to consume"));
            return;
        }
        for (int i = 0; i < topics.size(); i++) {
            if (!isTopicName(topics.get(i))) {
                errors.add(new FieldError("spec.topics[" + i + "]", "TOPIC_INVALID", topicRule(topics.get(i))));
            }
        }
        if (!TriggerChecks.unique(topics)) {
            errors.add(new FieldError("spec.topics", "TOPIC_DUPLICATE", "every topic may appear once"));
        }
    }

    private static void deadLetter(KafkaTriggerSpec spec, List<FieldError> errors) {
        String pattern = spec.deadLetterTopic() == null ? KafkaTriggerSpec.DEFAULT_DEAD_LETTER : spec.deadLetterTopic();
        if (pattern.isEmpty()) {
            return; // dropped after the retries
        }
        String sample = pattern.replace(TOPIC_PLACEHOLDER, "t");
        if (!isTopicName(sample)) {
            errors.add(new FieldError("spec.deadLetterTopic", "TOPIC_INVALID", "the dead-letter topic "
                    + topicRule(pattern) + "; {topic} stands for the record's topic; \"\" drops failed records"));
            return;
        }
        for (String topic : spec.topics()) {
            String resolved = pattern.replace(TOPIC_PLACEHOLDER, topic == null ? "" : topic);
            if (isTopicName(topic) && !isTopicName(resolved)) {
                errors.add(new FieldError("spec.deadLetterTopic", "TOPIC_INVALID",
                        "for topic " + topic + " the dead-letter topic would be longer than " + MAX_TOPIC_LENGTH));
            } else if (spec.topics().contains(resolved)) {
                errors.add(new FieldError("spec.deadLetterTopic", "DEAD_LETTER_LOOP", "records of " + topic
                        + " that fail would go to " + resolved + ", which this trigger consumes: they would loop"));
            }
        }
    }

    private static void reply(KafkaTriggerSpec spec, List<FieldError> errors) {
        String reply = spec.replyTopic();
        if (reply == null) {
            return;
        }
        if (!isTopicName(reply)) {
            errors.add(new FieldError("spec.replyTopic", "TOPIC_INVALID", "the reply topic " + topicRule(reply)));
        } else if (spec.topics().contains(reply)) {
            errors.add(new FieldError("spec.replyTopic", "REPLY_LOOP",
                    "answers would go to " + reply + ", which this trigger consumes: they would loop"));
        }
    }

    private static String topicRule(String name) {
        return TriggerChecks.printable(name) + " is not a Kafka topic name: 1 to " + MAX_TOPIC_LENGTH
                + " of a-z A-Z 0-9 . _ -, not \".\" or \"..\"";
    }
}
