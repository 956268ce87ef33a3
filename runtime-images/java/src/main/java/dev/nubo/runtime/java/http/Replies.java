package dev.nubo.runtime.java.http;

import java.nio.ByteBuffer;
import java.util.Map;

import dev.nubo.runtime.java.invoke.Outcome;
import dev.nubo.runtime.java.json.Json;

/** Turns what a function call ended with into the reply the contract prescribes. */
final class Replies {

    static final String TIMEOUT = "Timeout exceeded";

    private Replies() {
    }

    // instanceof chains rather than pattern switches: a type switch costs its first call ~10 ms of bootstrapping

    static Reply of(Outcome outcome) {
        if (outcome instanceof Outcome.Returned returned) {
            return ofValue(returned.value());
        }
        if (outcome instanceof Outcome.Threw threw) {
            return error(threw.error());
        }
        return Reply.text(408, TIMEOUT);
    }

    static Reply ofValue(Object value) {
        if (value == null) {
            return Reply.empty(200);
        }
        if (value instanceof CharSequence || value instanceof Character) {
            return Reply.text(200, value.toString());
        }
        if (value instanceof byte[] bytes) {
            return new Reply(200, Reply.BYTES, bytes);
        }
        if (value instanceof ByteBuffer buffer) {
            return new Reply(200, Reply.BYTES, bytes(buffer));
        }
        return isJsonValue(value) ? Reply.json(200, Json.write(value)) : Reply.text(200, value.toString());
    }

    private static boolean isJsonValue(Object value) {
        return value instanceof Map<?, ?> || value instanceof Iterable<?> || value instanceof Number
                || value instanceof Boolean || value instanceof Record || value.getClass().isArray();
    }

    /** The stack trace goes to the function's log (stderr), only the message to the caller. */
    static Reply error(Throwable error) {
        error.printStackTrace();
        return Reply.text(500, "Error: " + message(error));
    }

    static String message(Throwable error) {
        return error.getMessage() != null ? error.getMessage() : error.getClass().getName();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
