package dev.nubo.triggers.dispatch;

import java.util.LinkedHashMap;
import java.util.Map;

/** The request headers that carry a {@link FunctionEvent}: Kubeless {@code event-*} and CloudEvents {@code ce-*}. */
public final class EventRequestHeaders {

    private EventRequestHeaders() {
    }

    public static Map<String, String> of(FunctionEvent event) {
        Map<String, String> headers = new LinkedHashMap<>(event.headers());
        String time = event.time().toString();
        headers.put("event-id", event.id());
        headers.put("event-time", time);
        headers.put("event-namespace", event.emitter());
        headers.put("ce-id", event.id());
        headers.put("ce-time", time);
        headers.put("ce-source", event.emitter());
        headers.put("ce-type", event.cloudEventType());
        headers.put("ce-specversion", "1.0");
        if (event.contentType() != null) {
            headers.put("event-type", event.contentType());
            headers.put("Content-Type", event.contentType());
        }
        return headers;
    }
}
