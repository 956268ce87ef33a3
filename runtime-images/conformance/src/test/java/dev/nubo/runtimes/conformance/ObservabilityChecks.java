package dev.nubo.runtimes.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;

/** /metrics, the per-call log line and the Content-Length promise. */
final class ObservabilityChecks extends CheckGroup {

    static final String CALLS = "function_calls_total";
    static final String FAILURES = "function_failures_total";
    static final String DURATION = "function_duration_seconds";
    static final List<Double> BUCKETS = List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            Double.POSITIVE_INFINITY);
    private static final Map<String, String> HELP = Map.of(
            CALLS, "Number of calls to the function.",
            FAILURES, "Number of calls that failed (status 500 or 408).",
            DURATION, "Duration of calls to the function.");
    private static final Map<String, String> TYPES = Map.of(CALLS, "counter", FAILURES, "counter",
            DURATION, "histogram");
    private static final int COUNTED_ROUNDS = 10;
    private static final Pattern LOG_LINE = Pattern.compile("(?m)^(\\S+) GET /hello 200 \\d+(?:\\.\\d+)?ms\\s*$");

    ObservabilityChecks(RuntimeUnderTest runtime) {
        super(runtime);
    }

    @Override
    List<Check> checks() {
        return List.of(
                new Check("/metrics has the three families with exactly the label {method} and the contract's "
                        + "buckets", this::metricsFormat),
                new Check("/metrics counts handler calls and failures per method, not /healthz or /metrics",
                        this::metricsCounts),
                new Check("counts a call before answering it: /metrics read right after each answer has it",
                        this::countedBeforeAnswer),
                new Check("logs one line per call to stdout: '<RFC 3339 time> GET /hello 200 <n>ms'", this::logLine),
                new Check("sends a Content-Length with every answer so far", this::contentLength));
    }

    private void metricsFormat() {
        client().get("/hello");
        Metrics metrics = client().metrics();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(metrics.contentType().replace(" ", "")).as("Content-Type of /metrics")
                .startsWith("text/plain").contains("version=0.0.4");
        HELP.forEach((family, help) -> soft.assertThat(metrics.help().get(family)).as("HELP of %s", family)
                .isEqualTo(help));
        TYPES.forEach((family, type) -> soft.assertThat(metrics.types().get(family)).as("TYPE of %s", family)
                .isEqualTo(type));
        assertLabels(soft, metrics);
        List<String> methods = metrics.named(CALLS).stream().map(Metrics.Sample::method).toList();
        Map<String, List<Double>> otherBounds = new TreeMap<>();
        methods.forEach(method -> otherBounds.put(method, bounds(buckets(metrics, method))));
        otherBounds.values().removeIf(BUCKETS::equals);
        soft.assertThat(otherBounds).as("methods whose %s buckets are not le = %s", DURATION, BUCKETS).isEmpty();
        methods.forEach(method -> assertHistogram(soft, metrics, method));
        soft.assertAll();
    }

    private static void assertLabels(SoftAssertions soft, Metrics metrics) {
        for (String name : List.of(CALLS, FAILURES, DURATION + "_sum", DURATION + "_count")) {
            soft.assertThat(metrics.named(name)).as("samples of %s", name)
                    .allSatisfy(s -> assertThat(s.labels().keySet()).as("labels of %s", s).isEqualTo(Set.of("method")))
                    .allSatisfy(s -> assertThat(s.method()).as("method label of %s", s).isUpperCase());
        }
        soft.assertThat(metrics.named(DURATION + "_bucket")).as("samples of %s_bucket", DURATION)
                .allSatisfy(s -> assertThat(s.labels().keySet()).as("labels of %s", s)
                        .isEqualTo(Set.of("method", "le")));
        soft.assertThat(metrics.named(CALLS)).as("samples of %s after a GET call", CALLS).isNotEmpty();
    }

    private static List<Metrics.Sample> buckets(Metrics metrics, String method) {
        return metrics.named(DURATION + "_bucket").stream().filter(s -> method.equals(s.method())).toList();
    }

    private static List<Double> bounds(List<Metrics.Sample> buckets) {
        return buckets.stream().map(s -> Metrics.number(s.labels().get("le"))).toList();
    }

    /** Cumulative buckets, +Inf = _count = calls. */
    private static void assertHistogram(SoftAssertions soft, Metrics metrics, String method) {
        List<Double> counts = buckets(metrics, method).stream().map(Metrics.Sample::value).toList();
        soft.assertThat(counts).as("bucket counts for %s are cumulative", method).isSorted();
        double count = metrics.value(DURATION + "_count", method);
        soft.assertThat(counts.isEmpty() ? Double.NaN : counts.getLast()).as("+Inf bucket = _count for %s", method)
                .isEqualTo(count);
        soft.assertThat(count).as("%s_count = %s for %s", DURATION, CALLS, method)
                .isEqualTo(metrics.value(CALLS, method));
    }

    private void metricsCounts() {
        FunctionClient client = client();
        Metrics before = client.metrics();
        for (int i = 0; i < 3; i++) {
            client.get("/hello");
            client.get("/healthz");
        }
        client.post("/fail", "text/plain", "x");
        client.send("PUT", "/json", BodyPublishers.noBody());
        client.metrics();
        client.send("PUT", "/json", BodyPublishers.noBody());
        Metrics after = client.metrics();
        SoftAssertions soft = new SoftAssertions();
        expectDelta(soft, before, after, CALLS, Map.of("GET", 3, "POST", 1, "PUT", 2));
        expectDelta(soft, before, after, FAILURES, Map.of("GET", 0, "POST", 1, "PUT", 0));
        expectDelta(soft, before, after, DURATION + "_count", Map.of("GET", 3, "POST", 1, "PUT", 2));
        soft.assertAll();
    }

    /**
     * Calls of every kind (text, exception, JSON, nothing, bytes), each followed at once by a read of /metrics
     * on another connection, which must already count it: no call may be counted after its answer is sent.
     */
    private void countedBeforeAnswer() {
        record Call(String method, String path, int status) {
        }
        List<Call> calls = List.of(new Call("GET", "/hello", 200), new Call("POST", "/fail", 500),
                new Call("PUT", "/json", 200), new Call("DELETE", "/none", 200), new Call("PATCH", "/bytes", 200),
                new Call("OPTIONS", "/describe", 200));
        FunctionClient client = client();
        List<String> late = new ArrayList<>();
        Metrics before = client.metrics();
        for (int round = 0; round < COUNTED_ROUNDS; round++) {
            for (Call call : calls) {
                Reply reply = assertStatus(client.send(call.method(), call.path(), BodyPublishers.noBody()),
                        call.status());
                Metrics after = client.metrics();
                double counted = after.value(CALLS, call.method()) - before.value(CALLS, call.method());
                double failures = after.value(FAILURES, call.method()) - before.value(FAILURES, call.method());
                double durations = after.value(DURATION + "_count", call.method())
                        - before.value(DURATION + "_count", call.method());
                double failed = call.status() == 500 ? 1 : 0;
                if (counted != 1 || durations != 1 || failures != failed) {
                    late.add("round " + round + ", " + reply + ": " + CALLS + " +" + counted + ", " + FAILURES + " +"
                            + failures + ", " + DURATION + "_count +" + durations);
                }
                before = after;
            }
        }
        assertThat(late).as("calls not (or not exactly once) in /metrics read right after their answer, of %s",
                COUNTED_ROUNDS * calls.size()).isEmpty();
    }

    private static void expectDelta(SoftAssertions soft, Metrics before, Metrics after, String name,
            Map<String, Integer> expected) {
        expected.forEach((method, delta) -> soft
                .assertThat(after.value(name, method) - before.value(name, method))
                .as("increase of %s{method=\"%s\"}", name, method)
                .isEqualTo(delta.doubleValue()));
    }

    private void logLine() {
        ServerProcess server = runtime.server();
        client().get("/hello");
        await("a log line for GET /hello").atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(LOG_LINE.matcher(server.stdout()).find())
                        .as("stdout has a line '<time> GET /hello 200 <n>ms':\n%s", server.logTail()).isTrue());
        Matcher line = LOG_LINE.matcher(server.stdout());
        assertThat(line.find()).isTrue();
        try {
            OffsetDateTime.parse(line.group(1));
        } catch (DateTimeParseException e) {
            throw new AssertionError("time of log line '" + line.group() + "' is not RFC 3339", e);
        }
    }

    private void contentLength() {
        assertThat(client().answersWithoutContentLength()).as("answers without Content-Length").isEmpty();
    }
}
