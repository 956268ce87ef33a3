package dev.nubo.core.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.nubo.core.testing.TestTriggers;
import dev.nubo.core.validation.FieldError;

class NatsTriggerValidatorTest {

    private final NatsTriggerValidator validator = new NatsTriggerValidator();

    @Test
    void aFullSpecIsValid() {
        assertThat(validator.validate(TestTriggers.nats("""
                {"subject": "orders.*.created", "stream": "ORDERS", "consumer": "shop_orders-1",
                 "functionSelector": {"matchLabels": {"app": "shop"}}, "startFrom": "earliest", "maxConcurrency": 4,
                 "maxRetries": 3, "retryBackoff": {"initialMillis": 100}, "deadLetterSubject": "dead.{subject}",
                 "replySubject": "orders.replies"}
                """))).isEmpty();
        assertThat(validator.validate(TestTriggers.nats("{\"function\": \"hello\", \"subject\": \"orders.>\","
                + " \"deadLetterSubject\": \"\"}"))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "orders, true, true",
        "orders.created, true, true",
        "orders.*.created, true, false",
        "orders.>, true, false",
        ">, true, false",
        "orders.>.x, false, false",
        "orders..created, false, false",
        ".orders, false, false",
        "orders., false, false",
        "ord*ers, false, false",
        "'or ders', false, false"})
    void subjectSyntax(String subject, boolean withWildcards, boolean concrete) {
        assertThat(NatsTriggerValidator.isSubject(subject, true)).isEqualTo(withWildcards);
        assertThat(NatsTriggerValidator.isSubject(subject, false)).isEqualTo(concrete);
    }

    @ParameterizedTest
    @CsvSource({
        "orders.*, orders.eu, true",
        "orders.*, orders.eu.paris, false",
        "orders.>, orders.eu.paris, true",
        "orders.>, orders, false",
        "orders.created, orders.created, true",
        "orders.created, orders.created.dlq, false"})
    void subjectMatching(String pattern, String subject, boolean matches) {
        assertThat(NatsTriggerValidator.matches(pattern, subject)).isEqualTo(matches);
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("no subject", "\"stream\": \"S\"", "spec.subject", "SUBJECT_REQUIRED"),
                Arguments.of("subject", "\"subject\": \"orders..x\"", "spec.subject", "SUBJECT_INVALID"),
                Arguments.of("system subject", "\"subject\": \"$JS.API.x\"", "spec.subject", "SUBJECT_INVALID"),
                Arguments.of("stream", "\"subject\": \"a\", \"stream\": \"my.stream\"", "spec.stream",
                        "STREAM_INVALID"),
                Arguments.of("consumer", "\"subject\": \"a\", \"consumer\": \"a*\"", "spec.consumer",
                        "CONSUMER_INVALID"),
                Arguments.of("concurrency", "\"subject\": \"a\", \"maxConcurrency\": 2000", "spec.maxConcurrency",
                        "OUT_OF_RANGE"),
                Arguments.of("retries", "\"subject\": \"a\", \"maxRetries\": 1000", "spec.maxRetries", "OUT_OF_RANGE"),
                Arguments.of("backoff", "\"subject\": \"a\", \"retryBackoff\": {\"multiplier\": 0}",
                        "spec.retryBackoff.multiplier", "BACKOFF_INVALID"),
                Arguments.of("dead letter wildcard", "\"subject\": \"a\", \"deadLetterSubject\": \"dead.*\"",
                        "spec.deadLetterSubject", "SUBJECT_INVALID"),
                Arguments.of("default dead letter under >", "\"subject\": \"orders.>\"", "spec.deadLetterSubject",
                        "DEAD_LETTER_LOOP"),
                Arguments.of("dead letter loop", "\"subject\": \"orders.*\", \"deadLetterSubject\": \"orders.dead\"",
                        "spec.deadLetterSubject", "DEAD_LETTER_LOOP"),
                Arguments.of("reply wildcard", "\"subject\": \"a\", \"replySubject\": \"b.>\"", "spec.replySubject",
                        "SUBJECT_INVALID"),
                Arguments.of("reply loop", "\"subject\": \"orders.*\", \"replySubject\": \"orders.replies\"",
                        "spec.replySubject", "REPLY_LOOP"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void eachRuleHasItsFieldAndCode(String what, String fields, String field, String code) {
        List<FieldError> errors = validator.validate(TestTriggers.nats("{\"function\": \"hello\", " + fields + "}"));
        assertThat(errors).extracting(FieldError::field, FieldError::code).containsExactly(tuple(field, code));
    }
}
