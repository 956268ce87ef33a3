package dev.nubo.runtime.java.function;

import java.nio.charset.StandardCharsets;

import dev.nubo.function.Event;
import dev.nubo.function.Request;

/** Shapes a {@link Call} into the event type a function's method takes. */
final class Events {

    private Events() {
    }

    /** Kubeless's Java event has the body as text, also for JSON (its runtime never parsed it). */
    static io.kubeless.Event kubeless(Call call) {
        return new io.kubeless.Event(new String(call.body(), StandardCharsets.UTF_8), call.eventId(),
                call.eventType(), call.eventTime(), call.eventNamespace());
    }

    static Event nubo(Call call) {
        Request request = new Request(call.method(), call.path(), call.query(), call.headers(), call.body());
        return new Event(call.data(), call.eventId(), call.eventType(), call.eventTime(), call.eventNamespace(),
                new Event.Extensions(request));
    }
}
