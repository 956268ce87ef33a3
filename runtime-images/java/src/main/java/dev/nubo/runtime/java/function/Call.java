package dev.nubo.runtime.java.function;

import java.util.List;
import java.util.Map;

/**
 * One incoming call, before it is shaped into the event type the function's method takes.
 *
 * @param headers lower-case header names
 * @param data    the parsed JSON value for a JSON request, else the body as text
 */
public record Call(
        String method,
        String path,
        String query,
        Map<String, List<String>> headers,
        byte[] body,
        Object data,
        String eventId,
        String eventType,
        String eventTime,
        String eventNamespace) {
}
