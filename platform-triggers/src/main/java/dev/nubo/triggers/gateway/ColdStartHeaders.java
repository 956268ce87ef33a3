package dev.nubo.triggers.gateway;

import dev.nubo.core.endpoint.ReplicaStart;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.function.Consumer;

/**
 * What every proxied answer says about its call's wait: {@code Nubo-Cold-Start: true} when the call was held while
 * its function woke (scaled to zero, or its replicas starting), and one {@code Server-Timing} header (browsers'
 * developer tools show it) with the phases in milliseconds: {@code queue} (held while waking or while every replica
 * was at its containerConcurrency; 0 when a place was free at once), for a cold call
 * how its replica came up — {@code specialize} (a warm pool server took the function) or {@code start} (a process
 * started) — and {@code first-byte}, the replica's time from the request sent to its answer's head.
 */
final class ColdStartHeaders {

    static final AsciiString COLD_START = AsciiString.cached("nubo-cold-start");
    static final AsciiString SERVER_TIMING = AsciiString.cached("server-timing");
    private static final AsciiString TRUE = AsciiString.cached("true");
    private static final AsciiString FALSE = AsciiString.cached("false");
    private static final String NO_WAIT = "queue;dur=0";
    private static final ColdStartHeaders WARM = new ColdStartHeaders(null, false, NO_WAIT);

    /** Headers of the route (a trigger's CORS), or null. */
    private final Consumer<HttpHeaders> route;
    private final boolean cold;
    /** The Server-Timing phases before the replica answered. */
    private final String phases;

    private ColdStartHeaders(Consumer<HttpHeaders> route, boolean cold, String phases) {
        this.route = route;
        this.cold = cold;
        this.phases = phases;
    }

    /** A call that found a ready replica; {@code route} headers (a trigger's CORS) too, when given. */
    static ColdStartHeaders warm(Consumer<HttpHeaders> route) {
        return route == null ? WARM : new ColdStartHeaders(route, false, NO_WAIT);
    }

    /** A call held {@code heldNanos} for a free place on a ready replica (every one was at its cap): not cold. */
    static ColdStartHeaders queued(Consumer<HttpHeaders> route, long heldNanos) {
        return new ColdStartHeaders(route, false, "queue;dur=" + millis(heldNanos));
    }

    /**
     * A call held {@code heldNanos} while its function woke.
     *
     * @param start how the replica that ended the wait came up, or null when the backend does not say
     */
    static ColdStartHeaders cold(Consumer<HttpHeaders> route, long heldNanos, ReplicaStart start) {
        String phases = "queue;dur=" + millis(heldNanos);
        if (start != null) {
            phases += ", " + start.kind().phase() + ";dur=" + millis(start.took().toNanos());
        }
        return new ColdStartHeaders(route, true, phases);
    }

    /** On an answer of the replica, whose head came {@code firstByteNanos} after the request went out. */
    void onAnswer(HttpHeaders headers, long firstByteNanos) {
        apply(headers, phases + ", first-byte;dur=" + millis(firstByteNanos));
    }

    /** On an answer of the gateway itself (the replica failed or timed out): the phases before it. */
    void onProblem(HttpHeaders headers) {
        apply(headers, phases);
    }

    private void apply(HttpHeaders headers, String timing) {
        if (route != null) {
            route.accept(headers);
        }
        headers.set(COLD_START, cold ? TRUE : FALSE).add(SERVER_TIMING, timing);
    }

    /** Milliseconds with one decimal, without String.format (on every call's path). */
    static String millis(long nanos) {
        long tenths = Math.max(0, (nanos + 50_000) / 100_000);
        return tenths / 10 + "." + tenths % 10;
    }
}
