package dev.nubo.triggers.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import dev.nubo.triggers.dispatch.CallResult;
import dev.nubo.triggers.dispatch.CallResult.Outcome;

class CallVerdictTest {

    @ParameterizedTest
    @CsvSource({"200, DONE", "201, DONE", "204, DONE", "400, DEAD_LETTER", "413, DEAD_LETTER", "415, DEAD_LETTER",
            "422, DEAD_LETTER", "404, RETRY", "408, RETRY", "409, RETRY", "429, RETRY", "500, RETRY", "502, RETRY",
            "503, RETRY", "504, RETRY"})
    void anAnswerIsJudgedByItsStatus(int status, CallVerdict expected) {
        CallResult answer = new CallResult(Outcome.ANSWERED, status, Map.of(), new byte[0], Duration.ZERO, null);
        assertThat(CallVerdict.of(answer)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(value = Outcome.class, names = {"TIMED_OUT", "CONNECTION_FAILED"})
    void noAnswerIsRetried(Outcome outcome) {
        assertThat(CallVerdict.of(CallResult.failed(outcome, Duration.ZERO, "x"))).isEqualTo(CallVerdict.RETRY);
    }

    @ParameterizedTest
    @EnumSource(value = Outcome.class, names = {"FUNCTION_NOT_FOUND", "FUNCTION_NOT_READY"})
    void aFunctionThatCannotTakeCallsIsWaitedFor(Outcome outcome) {
        assertThat(CallVerdict.of(CallResult.failed(outcome, Duration.ZERO, "x"))).isEqualTo(CallVerdict.WAIT);
    }
}
