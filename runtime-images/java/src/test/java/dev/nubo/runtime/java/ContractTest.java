package dev.nubo.runtime.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nubo.runtime.java.json.Json;
import dev.nubo.runtime.java.support.FunctionBuild;
import dev.nubo.runtime.java.support.RawHttp;
import dev.nubo.runtime.java.support.RuntimeServer;

/** The function contract over HTTP, against a Nubo-shape function started the way the platform starts it. */
class ContractTest {

    private static final int MAX_BODY = 6 * 1024 * 1024;

    private static RuntimeServer server;

    @BeforeAll
    static void start() {
        server = RuntimeServer.start(FunctionBuild.shared("api"), "Api.handle", Map.of(
                "FUNC_TIMEOUT", "30",
                "FUNC_NAME", "api",
                "FUNC_RUNTIME", "java21",
                "FUNC_MEMORY_LIMIT", "256Mi",
                "NUBO_INSTANCE_ID", "instance-7",
                "NUBO_MAX_BODY_BYTES", Integer.toString(MAX_BODY)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    void everyMethodOnAnyPathCallsTheFunction(String method) throws IOException {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/describe"))
                .method(method, HttpRequest.BodyPublishers.ofString("x")).header("Content-Type", "text/plain"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).containsEntry("method", method).containsEntry("path", "/describe");
    }

    @Test
    void headGetsTheHeadersOfGetWithoutABody() throws IOException {
        HttpResponse<String> get = server.get("/hello");
        HttpResponse<String> head = server.send(HttpRequest.newBuilder(server.uri("/hello"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length")).contains(Integer.toString(get.body().length()));
    }

    @Test
    void jsonBodiesAreParsedAndOtherBodiesAreText() throws IOException {
        assertThat(dataType("application/json", "{\"a\": 1}")).isEqualTo("object");
        assertThat(dataType("application/json; charset=utf-8", "[1, 2]")).isEqualTo("array");
        assertThat(dataType("application/cloudevents+json", "3.5")).isEqualTo("number");
        assertThat(dataType("application/json", "true")).isEqualTo("boolean");
        assertThat(dataType("application/json", "\"s\"")).isEqualTo("string");
        assertThat(dataType("application/json", "null")).isEqualTo("null");
        assertThat(dataType("text/plain", "{\"a\": 1}")).isEqualTo("string");
        assertThat(dataType("application/octet-stream", "[1]")).isEqualTo("string");
    }

    @Test
    void echoReturnsTheParsedJsonAsJson() throws IOException {
        String body = "{\"name\": \"Ada\", \"tags\": [\"x\", null, 2.5, -3], \"nested\": {\"ok\": true}}";

        HttpResponse<String> response = server.post("/echo", "application/json", body);

        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(Json.parse(response.body())).isEqualTo(Json.parse(body));
    }

    @Test
    void textBodiesArriveUnchangedNewlinesIncluded() throws IOException {
        String body = "first line\nsecond line\r\n\tthird: ünïcode ✓\n";

        HttpResponse<String> response = server.post("/echo", "text/plain; charset=utf-8", body);

        assertThat(response.body()).isEqualTo(body);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
    }

    @Test
    void invalidJsonIsRejectedWithoutCallingTheFunction() throws IOException {
        long printedBefore = printed();

        HttpResponse<String> response = server.post("/print", "application/json", "{\"unterminated\": ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("Error: invalid JSON body");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.stdout().contains("POST /print 400"));
        assertThat(printed()).isEqualTo(printedBefore);
    }

    @Test
    void kubelessEventHeadersWinOverCloudEventsHeaders() throws IOException {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/describe"))
                .header("event-id", "k-id").header("Event-Type", "k-type").header("event-time", "k-time")
                .header("event-namespace", "k-ns")
                .header("ce-id", "c-id").header("ce-type", "c-type").header("ce-time", "c-time")
                .header("ce-source", "c-source").GET());

        assertThat(json(response)).containsEntry("eventId", "k-id").containsEntry("eventType", "k-type")
                .containsEntry("eventTime", "k-time").containsEntry("eventNamespace", "k-ns");
    }

    @Test
    void cloudEventsHeadersFillTheEvent() throws IOException {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/describe"))
                .header("Ce-Id", "c-id").header("ce-type", "dev.nubo.test").header("ce-time", "2024-05-01T10:00:00Z")
                .header("ce-source", "kafka.nubo.dev").GET());

        assertThat(json(response)).containsEntry("eventId", "c-id").containsEntry("eventType", "dev.nubo.test")
                .containsEntry("eventTime", "2024-05-01T10:00:00Z").containsEntry("eventNamespace", "kafka.nubo.dev");
    }

    @Test
    void missingEventFieldsAreGenerated() throws IOException {
        Instant before = Instant.now().minusSeconds(1);

        Map<String, Object> event = json(server.post("/describe", "application/json", "{}"));

        assertThat((String) event.get("eventId")).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(event.get("eventType")).isEqualTo("application/json");
        assertThat(event.get("eventNamespace")).isEqualTo("");
        Instant time = OffsetDateTime.parse((String) event.get("eventTime")).toInstant();
        assertThat(time).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(json(server.get("/describe")).get("eventId")).isNotEqualTo(event.get("eventId"));
    }

    @Test
    void contextAndRequestComeFromTheEnvironmentAndTheCall() throws IOException {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/describe?a=1&b=x%20y"))
                .header("X-Custom", "custom value").GET());

        assertThat(json(response))
                .containsEntry("functionName", "api").containsEntry("timeout", "30")
                .containsEntry("runtime", "java21").containsEntry("memoryLimit", "256Mi")
                .containsEntry("query", "a=1&b=x%20y").containsEntry("custom", "custom value");
    }

    @Test
    void returnValuesBecomeTypedResponses() throws IOException {
        assertResponse(server.get("/hello"), "text/plain; charset=utf-8", "hello world");
        assertResponse(server.get("/json"), "application/json", "{\"a\":1,\"b\":[true,null,\"x\"]}");
        assertResponse(server.get("/record"), "application/json", "{\"x\":3,\"y\":4}");
        HttpResponse<byte[]> bytes = server.sendFor(HttpRequest.newBuilder(server.uri("/bytes")).GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(bytes.headers().firstValue("Content-Type")).contains("application/octet-stream");
        assertThat(bytes.body()).containsExactly(0, 1, 2);
        HttpResponse<String> none = server.get("/none");
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(none.body()).isEmpty();
        assertThat(none.headers().firstValue("Content-Length")).contains("0");
    }

    @Test
    void anExceptionGivesItsMessageAndTheNextCallWorks() throws IOException {
        HttpResponse<String> failed = server.get("/fail");

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo("Error: boom");
        assertThat(failed.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> server.stderr().contains("java.lang.IllegalStateException: boom"));
        assertThat(server.stderr()).contains("Api.handle(Api.java:");
        assertThat(server.get("/hello").body()).isEqualTo("hello world");
    }

    @Test
    void bodiesOfFiveMegabytesArriveWholeWithLengthOrChunked() throws IOException {
        String body = "x".repeat(5 * 1024 * 1024);

        HttpResponse<String> withLength = server.post("/size", "text/plain", body);
        HttpResponse<String> chunked = server.send(HttpRequest.newBuilder(server.uri("/size"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body.getBytes()))));

        assertThat(withLength.body()).isEqualTo(Integer.toString(body.length()));
        assertThat(chunked.body()).isEqualTo(Integer.toString(body.length()));
    }

    @Test
    void aBodyOverTheLimitGets413AndTheServerGoesOn() throws IOException {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.sendHead("POST", "/size", "Content-Type: text/plain", "Content-Length: " + (MAX_BODY + 1));

            RawHttp.Response response = raw.read();

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.body()).startsWith("Error: ");
        }
        assertThat(server.post("/size", "text/plain", "x".repeat(MAX_BODY)).body())
                .isEqualTo(Integer.toString(MAX_BODY));
    }

    @Test
    void connectionsAreKeptAliveAndEveryResponseHasAContentLength() throws IOException {
        try (RawHttp raw = new RawHttp(server.port())) {
            for (String path : List.of("/hello", "/none", "/json", "/healthz", "/metrics")) {
                raw.sendHead("GET", path);
                RawHttp.Response response = raw.read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("Content-Length")).as(path).isNotNull();
            }
        }
    }

    @Test
    void fiftyCallsRunAtTheSameTime() {
        // each call waits inside the function until all 50 are inside: they answer "together" only if concurrent
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 50)
                .mapToObj(i -> server.client().sendAsync(
                        HttpRequest.newBuilder(server.uri("/together")).timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();

        assertThat(calls).allSatisfy(call -> assertThat(call.join().body()).isEqualTo("together"));
    }

    @Test
    void metricsCountTheCallsThatReachTheFunctionFailuresAndDurationsPerMethod() throws IOException {
        long callsBefore = sample("function_calls_total{method=\"DELETE\"}");
        long failuresBefore = sample("function_failures_total{method=\"DELETE\"}");

        server.send(HttpRequest.newBuilder(server.uri("/hello")).DELETE());
        server.send(HttpRequest.newBuilder(server.uri("/fail")).DELETE());
        server.send(HttpRequest.newBuilder(server.uri("/echo")).header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{broken")));
        server.get("/healthz");

        HttpResponse<String> metrics = server.get("/metrics");
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        assertThat(sample("function_calls_total{method=\"DELETE\"}")).isEqualTo(callsBefore + 2);
        assertThat(sample("function_failures_total{method=\"DELETE\"}")).isEqualTo(failuresBefore + 1);
        assertThat(metrics.body()).contains(
                "# HELP function_calls_total Number of calls to the function.\n# TYPE function_calls_total counter\n",
                "# TYPE function_failures_total counter\n",
                "# TYPE function_duration_seconds histogram\n");
        assertHistogram(metrics.body(), "DELETE");
    }

    @Test
    void aCallIsCountedBeforeItsAnswerArrives() throws IOException {
        for (int i = 0; i < 5; i++) {
            long before = sample("function_calls_total{method=\"PUT\"}");

            server.send(HttpRequest.newBuilder(server.uri("/hello")).PUT(HttpRequest.BodyPublishers.noBody()));

            assertThat(sample("function_calls_total{method=\"PUT\"}")).isEqualTo(before + 1);
        }
    }

    @Test
    void eachCallWritesOneLogLineAndTheFunctionsOwnOutput() throws IOException {
        server.get("/print?x=1");

        await().atMost(Duration.ofSeconds(10)).until(() -> server.stdout().contains("/print 200"));
        assertThat(server.stdout()).contains("a line from the function\n");
        Matcher line = Pattern.compile("(?m)^(\\S+) GET /print 200 (\\d+(\\.\\d+)?)ms$").matcher(server.stdout());
        assertThat(line.find()).isTrue();
        assertThat(OffsetDateTime.parse(line.group(1)).toInstant()).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void healthzAnswersOkWithTheInstanceId() throws IOException {
        HttpResponse<String> health = server.get("/healthz");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok");
        assertThat(health.headers().firstValue("Nubo-Instance")).contains("instance-7");
    }

    private static void assertHistogram(String metrics, String method) {
        List<String> buckets = metrics.lines()
                .filter(l -> l.startsWith("function_duration_seconds_bucket{method=\"" + method + "\""))
                .toList();
        assertThat(buckets).extracting(l -> l.replaceAll(".*le=\"([^\"]+)\".*", "$1")).containsExactly(
                "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf");
        long infinity = Long.parseLong(buckets.getLast().replaceAll(".* ", ""));
        long count = valueOf(metrics, "function_duration_seconds_count{method=\"" + method + "\"}");
        assertThat(infinity).isEqualTo(count);
        assertThat(metrics).contains("function_duration_seconds_sum{method=\"" + method + "\"} ");
    }

    /** How often the function has printed its line (it does so on every call of /print). */
    private static long printed() {
        return server.stdout().lines().filter(l -> l.equals("a line from the function")).count();
    }

    private static long sample(String series) throws IOException {
        return valueOf(server.get("/metrics").body(), series);
    }

    private static long valueOf(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Long.parseLong(l.substring(series.length() + 1))).orElse(0L);
    }

    private static String dataType(String contentType, String body) throws IOException {
        return (String) json(server.post("/describe", contentType, body)).get("dataType");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return (Map<String, Object>) Json.parse(response.body());
    }

    private static void assertResponse(HttpResponse<String> response, String contentType, String body) {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains(contentType);
        assertThat(response.body()).isEqualTo(body);
    }
}
