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

class CronTriggerValidatorTest {

    private final CronTriggerValidator validator = new CronTriggerValidator();

    @Test
    void aFullSpecIsValid() {
        assertThat(validator.validate(TestTriggers.cron("""
                {"functionSelector": {"matchLabels": {"app": "reports"}}, "schedule": "0 9 * * MON-FRI",
                 "timeZone": "Europe/Paris", "payload": {"report": "daily", "rows": [1, 2, 3]},
                 "contentType": "application/json; charset=utf-8", "concurrencyPolicy": "Forbid", "catchUp": true}
                """))).isEmpty();
        assertThat(validator.validate(TestTriggers.cron("""
                {"function": "hello", "schedule": "@every 30s", "payload": "plain text", "contentType": "text/plain"}
                """))).isEmpty();
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("no schedule", "\"timeZone\": \"UTC\"", "spec.schedule", "SCHEDULE_REQUIRED"),
                Arguments.of("six fields", "\"schedule\": \"0 */5 * * * *\"", "spec.schedule", "SCHEDULE_INVALID"),
                Arguments.of("bad minute", "\"schedule\": \"61 * * * *\"", "spec.schedule", "SCHEDULE_INVALID"),
                Arguments.of("unknown macro", "\"schedule\": \"@fortnightly\"", "spec.schedule", "SCHEDULE_INVALID"),
                Arguments.of("30 February", "\"schedule\": \"0 0 30 2 *\"", "spec.schedule", "SCHEDULE_NEVER_FIRES"),
                Arguments.of("zone", "\"schedule\": \"@hourly\", \"timeZone\": \"Mars/Olympus\"", "spec.timeZone",
                        "TIME_ZONE_INVALID"),
                Arguments.of("payload size", "\"schedule\": \"@hourly\", \"payload\": \"" + "x".repeat(64 * 1024) + "\"",
                        "spec.payload", "PAYLOAD_TOO_LARGE"),
                Arguments.of("content type", "\"schedule\": \"@hourly\", \"contentType\": \"json\"", "spec.contentType",
                        "CONTENT_TYPE_INVALID"),
                Arguments.of("wildcard type", "\"schedule\": \"@hourly\", \"contentType\": \"application/*\"",
                        "spec.contentType", "CONTENT_TYPE_INVALID"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void eachRuleHasItsFieldAndCode(String what, String fields, String field, String code) {
        List<FieldError> errors = validator.validate(TestTriggers.cron("{\"function\": \"hello\", " + fields + "}"));
        assertThat(errors).extracting(FieldError::field, FieldError::code).containsExactly(tuple(field, code));
    }

    @Test
    void theScheduleMessageSaysWhatIsWrong() {
        List<FieldError> errors = validator.validate(TestTriggers.cron(
                "{\"function\": \"hello\", \"schedule\": \"* * * *\"}"));
        assertThat(errors.getFirst().message()).contains("5 fields", "this one has 4");
    }

    @Test
    void aBadZoneAndABadScheduleAreBothReported() {
        assertThat(CronTriggerValidator.schedule("nope", "Nowhere/Town", "schedule", "timeZone"))
                .extracting(FieldError::field).containsExactly("timeZone", "schedule");
    }
}
