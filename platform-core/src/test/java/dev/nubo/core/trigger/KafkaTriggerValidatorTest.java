package dev.nubo.core.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.nubo.core.testing.TestTriggers;
import dev.nubo.core.validation.FieldError;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

class KafkaTriggerValidatorTest {

    private final KafkaTriggerValidator validator = new KafkaTriggerValidator();

    @Test
    void aFullSpecIsValid() {
        assertThat(validator.validate(TestTriggers.kafka("""
                {"topics": ["orders", "orders.v2", "Audit_Log-1"], "functionSelector": {"matchExpressions":
                 [{"key": "team", "operator": "In", "values": ["shop"]}]}, "consumerGroup": "shop:orders/1",
                 "startFrom": "earliest", "delivery": "atMostOnce", "ordering": "key", "maxConcurrency": 1024,
                 "maxRetries": 0, "retryBackoff": {"initialMillis": 1, "multiplier": 1.0, "maxMillis": 1},
                 "deadLetterTopic": "dead.{topic}", "replyTopic": "orders.replies", "enabled": true}
                """))).isEmpty();
        assertThat(validator.validate(TestTriggers.kafka(
                "{\"function\": \"hello\", \"topics\": [\"a\"], \"deadLetterTopic\": \"\"}"))).as("\"\" drops")
                .isEmpty();
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("no topics", "\"topics\": []", "spec.topics", "TOPICS_REQUIRED"),
                Arguments.of("topic chars", "\"topics\": [\"orders/eu\"]", "spec.topics[0]", "TOPIC_INVALID"),
                Arguments.of("dot topic", "\"topics\": [\"..\"]", "spec.topics[0]", "TOPIC_INVALID"),
                Arguments.of("long topic", "\"topics\": [\"" + "t".repeat(250) + "\"]", "spec.topics[0]",
                        "TOPIC_INVALID"),
                Arguments.of("same topic", "\"topics\": [\"a\", \"a\"]", "spec.topics", "TOPIC_DUPLICATE"),
                Arguments.of("group", "\"topics\": [\"a\"], \"consumerGroup\": \"my group\"", "spec.consumerGroup",
                        "CONSUMER_GROUP_INVALID"),
                Arguments.of("concurrency 0", "\"topics\": [\"a\"], \"maxConcurrency\": 0", "spec.maxConcurrency",
                        "OUT_OF_RANGE"),
                Arguments.of("concurrency 1025", "\"topics\": [\"a\"], \"maxConcurrency\": 1025", "spec.maxConcurrency",
                        "OUT_OF_RANGE"),
                Arguments.of("retries -1", "\"topics\": [\"a\"], \"maxRetries\": -1", "spec.maxRetries", "OUT_OF_RANGE"),
                Arguments.of("retries 101", "\"topics\": [\"a\"], \"maxRetries\": 101", "spec.maxRetries",
                        "OUT_OF_RANGE"),
                Arguments.of("initial 0", "\"topics\": [\"a\"], \"retryBackoff\": {\"initialMillis\": 0}",
                        "spec.retryBackoff.initialMillis", "BACKOFF_INVALID"),
                Arguments.of("multiplier", "\"topics\": [\"a\"], \"retryBackoff\": {\"multiplier\": 0.5}",
                        "spec.retryBackoff.multiplier", "BACKOFF_INVALID"),
                Arguments.of("max below initial", "\"topics\": [\"a\"], \"retryBackoff\": {\"initialMillis\": 500,"
                        + " \"maxMillis\": 100}", "spec.retryBackoff.maxMillis", "BACKOFF_INVALID"),
                Arguments.of("max above a day", "\"topics\": [\"a\"], \"retryBackoff\": {\"maxMillis\": 86400001}",
                        "spec.retryBackoff.maxMillis", "BACKOFF_INVALID"),
                Arguments.of("dead letter", "\"topics\": [\"a\"], \"deadLetterTopic\": \"{topic} dlq\"",
                        "spec.deadLetterTopic", "TOPIC_INVALID"),
                Arguments.of("dead letter length", "\"topics\": [\"" + "t".repeat(246) + "\"]", "spec.deadLetterTopic",
                        "TOPIC_INVALID"),
                Arguments.of("dead letter loop", "\"topics\": [\"a\", \"a.dlq\"]", "spec.deadLetterTopic",
                        "DEAD_LETTER_LOOP"),
                Arguments.of("reply", "\"topics\": [\"a\"], \"replyTopic\": \"{topic}.out\"", "spec.replyTopic",
                        "TOPIC_INVALID"),
                Arguments.of("reply loop", "\"topics\": [\"a\", \"b\"], \"replyTopic\": \"b\"", "spec.replyTopic",
                        "REPLY_LOOP"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void eachRuleHasItsFieldAndCode(String what, String fields, String field, String code) {
        List<FieldError> errors = validator.validate(TestTriggers.kafka("{\"function\": \"hello\", " + fields + "}"));
        assertThat(errors).extracting(FieldError::field, FieldError::code).containsExactly(tuple(field, code));
    }

    @Property(tries = 500)
    void legalTopicNamesAreExactlyKafkasOwn(@ForAll @StringLength(min = 1, max = 260)
            @CharRange(from = 'a', to = 'c') @Chars({'.', '_', '-', '/', ' ', 'Z', '9'}) String name) {
        boolean kafkaWould = name.length() <= 249 && name.matches("[a-zA-Z0-9._-]+") && !name.equals(".")
                && !name.equals("..");
        assertThat(KafkaTriggerValidator.isTopicName(name)).isEqualTo(kafkaWould);
    }
}
