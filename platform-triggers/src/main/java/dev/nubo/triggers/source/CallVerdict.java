package dev.nubo.triggers.source;

import dev.nubo.triggers.dispatch.CallResult;

/** What a function's answer means for the record (docs/architecture.md, "Kafka triggers": the retry table). */
public enum CallVerdict {
    /** 2xx: done. */
    DONE,
    /** The record itself is wrong (400, 413, 415, other 4xx): retrying cannot help, dead letter at once. */
    DEAD_LETTER,
    /** Might work later (404, 408, 409, 429, 5xx, timeout, connection failure): retry, then dead letter. */
    RETRY,
    /** The function does not exist (yet) or has no ready replica: wait without spending an attempt (bounded). */
    WAIT;

    public static CallVerdict of(CallResult result) {
        return switch (result.outcome()) {
            case ANSWERED -> ofStatus(result.status());
            case TIMED_OUT, CONNECTION_FAILED -> RETRY;
            case FUNCTION_NOT_FOUND, FUNCTION_NOT_READY -> WAIT;
        };
    }

    static CallVerdict ofStatus(int status) {
        if (status >= 200 && status < 300) {
            return DONE;
        }
        if (status == 404 || status == 408 || status == 409 || status == 429 || status >= 500) {
            return RETRY;
        }
        // 400, 413, 415 and the rest of 4xx (and 1xx/3xx, which a function should not answer): the record is bad
        return DEAD_LETTER;
    }
}
