package dev.nubo.triggers.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The event a function receives for an HTTP call: Kubeless {@code event-*} headers and their CloudEvents
 * binary-mode twins {@code ce-*}. The caller's event id is kept (so a retried call keeps its id).
 */
final class EventHeaders {

    static final String NAMESPACE = "http.nubo.dev";
    static final AsciiString EVENT_ID = AsciiString.cached("event-id");
    static final AsciiString EVENT_TIME = AsciiString.cached("event-time");
    static final AsciiString EVENT_TYPE = AsciiString.cached("event-type");
    static final AsciiString EVENT_NAMESPACE = AsciiString.cached("event-namespace");
    static final AsciiString CE_ID = AsciiString.cached("ce-id");
    static final AsciiString CE_SOURCE = AsciiString.cached("ce-source");
    static final AsciiString CE_TYPE = AsciiString.cached("ce-type");
    static final AsciiString CE_TIME = AsciiString.cached("ce-time");
    static final AsciiString CE_SPECVERSION = AsciiString.cached("ce-specversion");

    private static final AsciiString NAMESPACE_VALUE = AsciiString.cached(NAMESPACE);
    private static final AsciiString SPECVERSION = AsciiString.cached("1.0");
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    /** The last formatted time, shared by all event loops: calls within the same millisecond reuse it. */
    private volatile EventTime lastTime = new EventTime(0, AsciiString.EMPTY_STRING);

    void apply(HttpHeaders headers) {
        String id = headers.get(EVENT_ID);
        if (id == null || id.isBlank()) {
            id = newEventId();
        }
        AsciiString time = now();
        String type = headers.get(HttpHeaderNames.CONTENT_TYPE);
        headers.set(EVENT_ID, id)
                .set(EVENT_TIME, time)
                .set(EVENT_NAMESPACE, NAMESPACE_VALUE)
                .set(CE_ID, id)
                .set(CE_SOURCE, NAMESPACE_VALUE)
                .set(CE_TIME, time)
                .set(CE_SPECVERSION, SPECVERSION);
        if (type != null) {
            headers.set(EVENT_TYPE, type).set(CE_TYPE, type);
        } else {
            headers.remove(EVENT_TYPE).remove(CE_TYPE);
        }
    }

    /** A version-4 UUID; event ids need uniqueness, not the cost of SecureRandom. */
    static String newEventId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** RFC 3339 in UTC with milliseconds, e.g. {@code 2026-11-27T10:15:30.042Z}. */
    AsciiString now() {
        long millis = System.currentTimeMillis();
        EventTime last = lastTime;
        if (last.epochMilli == millis) {
            return last.text;
        }
        EventTime current = new EventTime(millis, AsciiString.of(format(millis)));
        lastTime = current;
        return current.text;
    }

    private static String format(long millis) {
        int fraction = (int) Math.floorMod(millis, 1000);
        return SECONDS.format(Instant.ofEpochMilli(millis)) + '.'
                + (char) ('0' + fraction / 100) + (char) ('0' + fraction / 10 % 10) + (char) ('0' + fraction % 10)
                + 'Z';
    }

    private record EventTime(long epochMilli, AsciiString text) {
    }
}
