package dev.nubo.triggers.gateway;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What every proxied answer says about the wait before the call: {@code Nubo-Cold-Start: true} when the call was
 * held while its function woke (scaled to zero, or its replicas starting), and {@code Server-Timing} with that
 * {@code queue} phase in milliseconds (0 for a warm call), which browsers' developer tools show.
 */
final class ColdStartHeaders {

    static final AsciiString COLD_START = AsciiString.cached("nubo-cold-start");
    static final AsciiString SERVER_TIMING = AsciiString.cached("server-timing");
    private static final AsciiString TRUE = AsciiString.cached("true");
    private static final AsciiString FALSE = AsciiString.cached("false");
    private static final AsciiString NO_WAIT = AsciiString.cached("queue;dur=0");
    private static final Consumer<HttpHeaders> WARM = headers -> headers.set(COLD_START, FALSE)
            .add(SERVER_TIMING, NO_WAIT);

    private ColdStartHeaders() {
    }

    /** A call that found a ready replica; {@code route} headers (a trigger's CORS) too, when given. */
    static Consumer<HttpHeaders> warm(Consumer<HttpHeaders> route) {
        return route == null ? WARM : route.andThen(WARM);
    }

    /** A call held {@code heldNanos} while its function woke. */
    static Consumer<HttpHeaders> cold(Consumer<HttpHeaders> route, long heldNanos) {
        String timing = String.format(Locale.ROOT, "queue;dur=%.1f", heldNanos / 1e6);
        Consumer<HttpHeaders> cold = headers -> headers.set(COLD_START, TRUE).add(SERVER_TIMING, timing);
        return route == null ? cold : route.andThen(cold);
    }
}
