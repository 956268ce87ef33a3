import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.nubo.function.Context;
import dev.nubo.function.Event;
import dev.nubo.function.Request;

/**
 * The conformance fixture function (runtime-images/conformance/README.md) in Java: handler
 * {@code Conformance.handler}, the Nubo shape, so it sees parsed JSON and can return objects and bytes.
 */
public class Conformance {

    public Object handler(Event event, Context context) {
        Request request = event.extensions().request();
        return switch (firstSegment(request.path())) {
            case "/hello" -> "hello world";
            case "/echo" -> event.data();
            case "/describe" -> describe(event, context);
            case "/json" -> json();
            case "/bytes" -> new byte[] {0x00, 0x01, 0x02};
            case "/none" -> null;
            case "/fail" -> throw new IllegalStateException("boom");
            case "/hang" -> hang();
            case "/size" -> size(event.data());
            case "/env" -> Objects.requireNonNullElse(System.getenv("CONFORMANCE_GREETING"), "");
            case "/print" -> printLines(String.valueOf(event.data()));
            default -> "unknown path";
        };
    }

    private static String firstSegment(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        int slash = trimmed.indexOf('/');
        return "/" + (slash < 0 ? trimmed : trimmed.substring(0, slash));
    }

    private static Map<String, Object> describe(Event event, Context context) {
        Request request = event.extensions().request();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("eventId", event.eventId());
        out.put("eventType", event.eventType());
        out.put("eventTime", event.eventTime());
        out.put("eventNamespace", event.eventNamespace());
        out.put("functionName", context.functionName());
        out.put("timeout", context.timeout());
        out.put("runtime", context.runtime());
        out.put("memoryLimit", context.memoryLimit());
        out.put("method", request.method());
        out.put("path", request.path());
        out.put("dataType", dataType(event.data()));
        return out;
    }

    private static String dataType(Object data) {
        if (data == null) {
            return "null";
        }
        if (data instanceof Map) {
            return "object";
        }
        if (data instanceof List) {
            return "array";
        }
        if (data instanceof Number) {
            return "number";
        }
        return data instanceof Boolean ? "boolean" : "string";
    }

    private static Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("a", 1);
        out.put("b", Arrays.asList(true, null, "x"));
        return out;
    }

    // the body as a marker on stdout, stderr and from a child process: all of it is the function's log
    private static String printLines(String marker) {
        System.out.println("stdout " + marker);
        System.err.println("stderr " + marker);
        try {
            new ProcessBuilder("sh", "-c", "echo \"child $1\"", "sh", marker).inheritIO().start().waitFor();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "printed";
    }

    // the hardest form Java allows: a loop that never blocks and ignores interrupts
    private static Object hang() {
        while (true) {
            Thread.interrupted();
        }
    }

    private static String size(Object data) {
        String text = data instanceof String s ? s : String.valueOf(data);
        return Integer.toString(text.codePointCount(0, text.length()));
    }
}
