package dev.nubo.triggers.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How one call of a function by a trigger ended.
 *
 * @param outcome whether the function answered, and if not, why
 * @param status  the function's HTTP status when it answered, else 0
 * @param headers the answer's headers (lower-case names) when it answered
 * @param body    the answer's body when it answered, else empty
 * @param took    from sending to the end of the answer (or the failure)
 * @param detail  a short explanation for status and logs when it did not answer
 */
public record CallResult(Outcome outcome, int status, Map<String, List<String>> headers, byte[] body, Duration took,
        String detail) {

    public enum Outcome {
        /** The function answered (any status). */
        ANSWERED,
        /** No such function (yet). */
        FUNCTION_NOT_FOUND,
        /** The function exists but has no ready replica. */
        FUNCTION_NOT_READY,
        /** No answer within the function's timeout (plus a grace). */
        TIMED_OUT,
        /** The replica could not be reached or the connection broke. */
        CONNECTION_FAILED
    }

    public CallResult {
        headers = headers == null ? Map.of() : headers;
        body = body == null ? new byte[0] : body;
    }

    public static CallResult failed(Outcome outcome, Duration took, String detail) {
        return new CallResult(outcome, 0, Map.of(), new byte[0], took, detail);
    }

    public boolean succeeded() {
        return outcome == Outcome.ANSWERED && status >= 200 && status < 300;
    }

    /** {@code 200 in 12 ms}, {@code timed out after 30 s: …}: what status shows as a call's result. */
    public String summary() {
        if (outcome == Outcome.ANSWERED) {
            return status + " in " + took.toMillis() + " ms";
        }
        return outcome.name().toLowerCase().replace('_', ' ') + (detail == null ? "" : ": " + detail);
    }
}
