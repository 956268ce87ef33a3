package dev.nubo.triggers.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.trigger.HttpTrigger;
import dev.nubo.core.trigger.HttpTriggerSecrets;
import dev.nubo.core.trigger.HttpTriggerSpec;
import dev.nubo.core.trigger.HttpTriggerSpec.BasicUser;
import dev.nubo.core.trigger.HttpTriggerSpec.BearerToken;
import dev.nubo.core.trigger.HttpTriggerSpec.Cors;
import dev.nubo.core.trigger.HttpTriggerSpec.HttpAuth;
import dev.nubo.core.trigger.HttpTriggerSpec.RateLimit;
import dev.nubo.triggers.http.HttpRoutePlan;
import dev.nubo.triggers.http.HttpRouteTable;
import dev.nubo.triggers.http.RouteGuards;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** HttpTrigger routes through a real gateway to real HTTP upstreams: matching, methods, auth, CORS, rate limit. */
class GatewayTriggersTest {

    private static final String TOKEN = "route-token-0123456789abcdef";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static RecordingUpstream orders;
    static RecordingUpstream shopOrders;
    static StaticFunctionEndpoints functions = new StaticFunctionEndpoints();
    static AtomicReference<HttpRouteTable> table = new AtomicReference<>(HttpRouteTable.EMPTY);
    static GatewayFixture gateway;

    @BeforeAll
    static void start() {
        orders = RecordingUpstream.start("orders");
        shopOrders = RecordingUpstream.start("shop-orders");
        functions.ready("default", "orders", orders.endpoint()).ready("default", "shop-orders", shopOrders.endpoint())
                .ready("shop", "hello", orders.endpoint());
        table.set(table(List.of(
                trigger("orders", spec("orders", null, "/orders", List.of("GET", "POST"), null, null, null)),
                trigger("shop-host", spec("shop-orders", "shop.example.com", "/orders", List.of(), null, null, null)),
                trigger("basic", spec("orders", null, "/basic", List.of(), new HttpAuth("basic",
                        List.of(new BasicUser("alice", "correct horse", null)), List.of()), null, null)),
                trigger("bearer", spec("orders", null, "/bearer", List.of(), new HttpAuth("bearer", List.of(),
                        List.of(new BearerToken("ci", TOKEN, null))), null, null)),
                trigger("cors", spec("orders", null, "/cors", List.of("GET", "PUT"), null,
                        new Cors(List.of("https://app.example.com"), null, List.of("Content-Type", "X-Trace"),
                                List.of("X-Function"), true, 600), null)),
                trigger("limited", spec("orders", null, "/limited", List.of(), null, null, new RateLimit(1, 2))),
                trigger("ghost", spec("ghost", null, "/ghost", List.of(), null, null, null)),
                trigger("slow", spec("orders", null, "/slow", List.of(), null, null, null)),
                trigger("counted", spec("orders", null, "/counted", List.of(), null, null, null)))));
        gateway = GatewayFixture.gateway(functions).routes(table::get).start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        orders.close();
        shopOrders.close();
    }

    static HttpTriggerSpec spec(String function, String host, String path, List<String> methods, HttpAuth auth,
            Cors cors, RateLimit limit) {
        return new HttpTriggerSpec(function, null, host, path, null, methods, auth, cors, limit, null);
    }

    static HttpTrigger trigger(String name, HttpTriggerSpec spec) {
        HttpTriggerSpec stored = new HttpTriggerSecrets().hash(spec.withDefaults());
        return HttpTrigger.of(new ObjectMeta(name, "default", Map.of(), "uid-" + name, 1L, "1", Instant.EPOCH), stored);
    }

    static HttpRouteTable table(List<HttpTrigger> triggers) {
        HttpRoutePlan plan = HttpRoutePlan.of(triggers, (ns, spec) -> functions.route(ns, spec.function()).isPresent()
                ? List.of(spec.function()) : List.of());
        return RouteGuards.table(plan, table.get(), Executors.newVirtualThreadPerTaskExecutor());
    }

    private static HttpResponse<String> send(String method, String path, String... headers) {
        HttpRequest.Builder request = gateway.request(path).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return gateway.send(request.build());
    }

    private static JsonNode problem(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        return JSON.readTree(response.body());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRoutedCallReachesTheTriggersFunctionBelowThePrefix() {
        HttpResponse<String> response = send("GET", "/orders/7?expand=lines");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("orders");
        RecordingUpstream.Received call = orders.last();
        assertThat(call.uri()).isEqualTo("/7?expand=lines");
        assertThat(call.header("event-namespace")).isEqualTo("http.nubo.dev");
        assertThat(call.header("event-id")).isNotBlank();
    }

    @Test
    void aRoutesCallsAreRecordedForItsStatus() {
        var counted = table.get().match(null, dev.nubo.triggers.http.RequestTarget.parse("/counted"));
        counted.calls().drain();

        send("GET", "/orders/x"); // another route's call
        HttpResponse<String> failed = send("GET", "/counted/status/503");
        HttpResponse<String> answered = send("GET", "/counted/status/201");

        var delta = counted.calls().drain();
        assertThat(List.of(failed.statusCode(), answered.statusCode())).containsExactly(503, 201);
        assertThat(delta.calls()).isEqualTo(2);
        assertThat(delta.failures()).isEqualTo(1);
        assertThat(delta.lastFire().status()).isEqualTo(201);
        assertThat(delta.lastError().status()).isEqualTo(503);
    }

    @Test
    void pathsNoTriggerRoutesFallToNamespaceAndFunction() {
        HttpResponse<String> response = send("GET", "/shop/hello/x");
        HttpResponse<String> notASegment = send("GET", "/ordersx/y");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(orders.last().uri()).isEqualTo("/x");
        assertThat(notASegment.statusCode()).isEqualTo(404);
        assertThat(problem(notASegment).path("code").asString()).isEqualTo("FUNCTION_NOT_FOUND");
        assertThat(problem(notASegment).path("detail").asString()).contains("No function y in namespace ordersx");
    }

    @Test
    void aTriggerForOneHostTakesItsCallsBeforeTheRouteForEveryHost() throws Exception {
        try (RawHttpConnection connection = RawHttpConnection.open(gateway.port())) {
            String shop = connection.exchange("GET /orders/1 HTTP/1.1\r\nHost: SHOP.example.com:8081\r\n\r\n");
            String other = connection.exchange("GET /orders/1 HTTP/1.1\r\nHost: other.example.com\r\n\r\n");

            assertThat(shop).startsWith("HTTP/1.1 200").endsWith("shop-orders");
            assertThat(other).startsWith("HTTP/1.1 200").endsWith("\r\n\r\norders");
        }
    }

    @Test
    void aMethodTheRouteDoesNotTakeGets405WithAllow() {
        int before = orders.received().size();
        HttpResponse<String> response = send("DELETE", "/orders/7");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
        assertThat(problem(response).path("code").asString()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(problem(response).path("instance").asString()).isEqualTo("/default/httptriggers/orders");
        assertThat(orders.received()).hasSize(before);
    }

    @Test
    void basicAuthRefusesMissingAndWrongPasswordsAndHidesTheHeaderFromTheFunction() {
        HttpResponse<String> missing = send("GET", "/basic/a");
        HttpResponse<String> wrong = send("GET", "/basic/a", "Authorization", basic("alice", "wrong horse"));
        HttpResponse<String> unknown = send("GET", "/basic/a", "Authorization", basic("bob", "correct horse"));
        HttpResponse<String> right = send("GET", "/basic/a", "Authorization", basic("alice", "correct horse"));
        HttpResponse<String> again = send("GET", "/basic/b", "Authorization", basic("alice", "correct horse"));

        for (HttpResponse<String> refused : List.of(missing, wrong, unknown)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate"))
                    .hasValue("Basic realm=\"default/basic\", charset=\"UTF-8\"");
            assertThat(problem(refused).path("code").asString()).isEqualTo("UNAUTHORIZED");
        }
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(orders.last().uri()).isEqualTo("/b");
        assertThat(orders.last().header("Authorization")).isNull();
    }

    @Test
    void bearerAuthRefusesMissingAndWrongTokens() {
        HttpResponse<String> missing = send("GET", "/bearer");
        HttpResponse<String> wrong = send("GET", "/bearer", "Authorization", "Bearer " + TOKEN + "x");
        HttpResponse<String> right = send("GET", "/bearer", "Authorization", "Bearer " + TOKEN);

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"default/bearer\"");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"default/bearer\", error=\"invalid_token\"");
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(orders.last().header("Authorization")).isNull();
    }

    @Test
    void theGatewayAnswersCorsPreflightsAndMarksResponsesForAllowedOrigins() {
        int before = orders.received().size();
        HttpResponse<String> preflight = send("OPTIONS", "/cors/x", "Origin", "https://app.example.com",
                "Access-Control-Request-Method", "PUT", "Access-Control-Request-Headers", "content-type");
        HttpResponse<String> strangerPreflight = send("OPTIONS", "/cors/x", "Origin", "https://evil.example.com",
                "Access-Control-Request-Method", "PUT");

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, PUT");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValue("Content-Type, X-Trace");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).hasValue("600");
        assertThat(strangerPreflight.statusCode()).isEqualTo(204);
        assertThat(strangerPreflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(orders.received()).as("preflights never reach the function").hasSize(before);

        HttpResponse<String> actual = send("GET", "/cors/status/200", "Origin", "https://app.example.com");
        HttpResponse<String> refused = send("DELETE", "/cors/x", "Origin", "https://app.example.com");
        HttpResponse<String> stranger = send("GET", "/cors/x", "Origin", "https://evil.example.com");

        assertThat(actual.statusCode()).isEqualTo(200);
        assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
        assertThat(actual.headers().firstValue("Access-Control-Expose-Headers")).hasValue("X-Function");
        assertThat(actual.headers().allValues("Vary")).contains("Origin");
        assertThat(refused.statusCode()).isEqualTo(405);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin"))
                .as("the gateway's own answers are readable by the page too").hasValue("https://app.example.com");
        assertThat(stranger.statusCode()).isEqualTo(200);
        assertThat(stranger.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void callsPastTheRateLimitGet429WithRetryAfter() {
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            responses.add(send("GET", "/limited/" + i));
        }

        assertThat(responses).extracting(HttpResponse::statusCode).contains(200, 429);
        assertThat(responses.subList(0, 2)).extracting(HttpResponse::statusCode).containsOnly(200);
        HttpResponse<String> limited = responses.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        JsonNode problem = problem(limited);
        assertThat(problem.path("code").asString()).isEqualTo("RATE_LIMITED");
        assertThat(problem.path("status").asInt()).isEqualTo(429);
        assertThat(problem.path("detail").asString()).contains("1 requests per second");
    }

    @Test
    void aTriggerWhoseFunctionIsMissingAnswers404() {
        HttpResponse<String> response = send("GET", "/ghost/x");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(problem(response).path("detail").asString()).contains("ghost", "does not exist");
    }

    @Test
    void aNewTableTakesEffectAtOnceAndCallsInFlightFinish() {
        HttpRouteTable before = table.get();
        CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(
                () -> GatewayFixture.send(GatewayFixture.newClient(), gateway.request("/slow/block").build()));
        await().atMost(Duration.ofSeconds(10)).until(() -> orders.blocked() == 1);

        table.set(table(List.of(trigger("moved", spec("orders", null, "/moved", List.of(), null, null, null)))));
        HttpResponse<String> oldPath = send("GET", "/slow/x");
        HttpResponse<String> newPath = send("GET", "/moved/here");
        orders.unblock();

        try {
            assertThat(inFlight.join().statusCode()).isEqualTo(200);
            assertThat(inFlight.join().body()).isEqualTo("unblocked");
            assertThat(oldPath.statusCode()).as("falls to /{ns}/{fn}: no namespace slow").isEqualTo(404);
            assertThat(newPath.statusCode()).isEqualTo(200);
            assertThat(orders.last().uri()).isEqualTo("/here");
        } finally {
            table.set(before);
        }
        assertThat(Set.of(send("GET", "/orders/1").statusCode())).containsExactly(200);
    }
}
