package dev.nubo.function;

/**
 * The event a Nubo-shape function receives.
 *
 * @param data           the body: for a JSON request the parsed value ({@code Map<String, Object>},
 *                       {@code List<Object>}, {@code String}, {@code Long}/{@code BigInteger}/{@code Double},
 *                       {@code Boolean} or {@code null}); otherwise the body as text ({@code ""} when empty)
 * @param eventId        header {@code event-id}, else {@code ce-id}, else a generated UUID
 * @param eventType      header {@code event-type}, else {@code ce-type}, else the Content-Type, else {@code ""}
 * @param eventTime      header {@code event-time}, else {@code ce-time}, else the arrival time (RFC 3339, UTC)
 * @param eventNamespace header {@code event-namespace}, else {@code ce-source}, else {@code ""}
 * @param extensions     the HTTP request itself
 */
public record Event(Object data, String eventId, String eventType, String eventTime, String eventNamespace,
        Extensions extensions) {

    /** What the runtime adds beyond the Kubeless event fields. */
    public record Extensions(Request request) {
    }
}
