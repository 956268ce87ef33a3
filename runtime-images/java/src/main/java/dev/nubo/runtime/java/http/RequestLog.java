package dev.nubo.runtime.java.http;

import java.time.Duration;
import java.util.Locale;

/** The one stdout line per call: {@code <RFC 3339 time> <METHOD> <path> <status> <milliseconds>ms}. */
final class RequestLog {

    private RequestLog() {
    }

    static void write(String method, String path, int status, Duration duration) {
        String line = String.format(Locale.ROOT, "%s %s %s %d %.1fms", Calls.now(), method, path, status,
                duration.toNanos() / 1e6);
        System.out.println(line);
    }
}
