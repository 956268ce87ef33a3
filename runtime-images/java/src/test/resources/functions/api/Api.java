import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.nubo.function.Context;
import dev.nubo.function.Event;

/** A Nubo-shape function that does what the path says; the runtime's tests drive it over HTTP. */
public class Api {

    /** Counts calls of /together: each waits until this many are inside at once. */
    private static final CountDownLatch TOGETHER = new CountDownLatch(50);

    public record Point(int x, int y) {
    }

    public Object handle(Event event, Context context) throws Exception {
        String path = event.extensions().request().path();
        return switch (path) {
            case "/hello" -> "hello world";
            case "/echo" -> event.data();
            case "/describe" -> describe(event, context);
            case "/json" -> json();
            case "/bytes" -> new byte[] {0, 1, 2};
            case "/none" -> null;
            case "/fail" -> throw new IllegalStateException("boom");
            case "/sleep" -> sleep(60_000);
            case "/slow" -> slow(Long.parseLong(event.extensions().request().query()));
            case "/spin" -> spin(Long.parseLong(event.extensions().request().query()));
            case "/size" -> Integer.toString(((String) event.data()).length());
            case "/env" -> Objects.requireNonNullElse(System.getenv("GREETING"), "");
            case "/together" -> together();
            case "/record" -> new Point(3, 4);
            case "/print" -> print();
            default -> "unknown path";
        };
    }

    private static Map<String, Object> describe(Event event, Context context) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("eventId", event.eventId());
        out.put("eventType", event.eventType());
        out.put("eventTime", event.eventTime());
        out.put("eventNamespace", event.eventNamespace());
        out.put("functionName", context.functionName());
        out.put("timeout", context.timeout());
        out.put("runtime", context.runtime());
        out.put("memoryLimit", context.memoryLimit());
        out.put("method", event.extensions().request().method());
        out.put("path", event.extensions().request().path());
        out.put("query", event.extensions().request().query());
        out.put("custom", event.extensions().request().header("X-Custom"));
        out.put("bodyBytes", event.extensions().request().body().length);
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
        out.put("b", java.util.Arrays.asList(true, null, "x"));
        return out;
    }

    private static String sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return "slept";
    }

    private static String slow(long millis) throws InterruptedException {
        System.out.println("slow call started");
        return sleep(millis);
    }

    // ignores interrupts on purpose: the runtime cannot stop this call
    private static String spin(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long spins = 0;
        while (System.nanoTime() < end) {
            Thread.interrupted();
            spins++;
        }
        return "spun " + (spins > 0);
    }

    private static String together() throws InterruptedException {
        TOGETHER.countDown();
        return TOGETHER.await(30, TimeUnit.SECONDS) ? "together" : "alone";
    }

    private static String print() {
        System.out.println("a line from the function");
        return "printed";
    }
}
