package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * HttpTriggers created through the REST API and called through the gateway port of the running platform: path
 * prefix and host routing, methods, basic and bearer auth, CORS, the rate limit, route changes without a restart,
 * and a trigger that waits for its function.
 */
class HttpTriggerE2ETest {

    private static final String FUNCTION = "http-echo";
    private static final String PASSWORD = "open sesame 42";
    private static final String TOKEN = "e2e-bearer-token-7f3a9c21d4";
    private final Platform nubo = Platform.shared();

    @BeforeAll
    static void deployEcho() {
        Platform nubo = Platform.shared();
        Http.Response created = nubo.create("default", Functions.python(FUNCTION, Functions.PY_ECHO));
        assertThat(created.status()).as(created.body()).isIn(201, 409);
        nubo.awaitReady("default", FUNCTION);
    }

    private Http.Response createTrigger(String name, String specJson) {
        Http.Response response = nubo.apiCall("POST", "/api/v1/namespaces/default/httptriggers", "application/json",
                "{\"apiVersion\": \"nubo.dev/v1\", \"kind\": \"HttpTrigger\", \"metadata\": {\"name\": \"" + name
                        + "\"}, \"spec\": " + specJson + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response;
    }

    private JsonNode trigger(String name) {
        return nubo.apiCall("GET", "/api/v1/namespaces/default/httptriggers/" + name, null, null).json();
    }

    /** Waits until the trigger's current generation shows Ready with {@code reason}; returns the condition. */
    private JsonNode awaitReady(String name, String reason) {
        JsonNode[] ready = new JsonNode[1];
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode trigger = trigger(name);
            assertThat(trigger.path("status").path("observedGeneration").asLong())
                    .isEqualTo(trigger.path("metadata").path("generation").asLong());
            ready[0] = trigger.path("status").path("conditions").path(0);
            assertThat(ready[0].path("reason").asString()).as(trigger.path("status").toString()).isEqualTo(reason);
        });
        return ready[0];
    }

    private Http.Response call(String method, String path, String... headers) {
        return nubo.call(method, path, null, null, headers);
    }

    /** A request with a Host header of our choosing (the JDK client will not send one), over its own connection. */
    private String callWithHost(String method, String host, String path) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), nubo.gatewayPort)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void triggersRouteByPathPrefixAndHostBeforeNamespaceAndFunction() {
        createTrigger("h-prefix", "{\"function\": \"http-echo\", \"path\": \"/h-e2e/shop\"}");
        createTrigger("h-host", "{\"function\": \"http-echo\", \"host\": \"shop.e2e.test\", \"path\": \"/h-e2e/shop\","
                + " \"stripPrefix\": false, \"methods\": [\"GET\"]}");
        assertThat(awaitReady("h-prefix", "Active").path("status").asString()).isEqualTo("True");
        awaitReady("h-host", "Active");

        Http.Response byPrefix = call("GET", "/h-e2e/shop/cart?page=2");
        String byHost = callWithHost("GET", "shop.e2e.test:" + nubo.gatewayPort, "/h-e2e/shop/cart");
        String refused = callWithHost("POST", "shop.e2e.test", "/h-e2e/shop/cart");
        Http.Response direct = call("GET", "/default/http-echo/direct");

        assertThat(byPrefix.status()).as(byPrefix.body()).isEqualTo(200);
        assertThat(byPrefix.json().path("path").asString()).as("the prefix is stripped").isEqualTo("/cart");
        assertThat(byPrefix.json().path("query").asString()).isEqualTo("page=2");
        assertThat(byPrefix.json().path("eventNamespace").asString()).isEqualTo("http.nubo.dev");
        assertThat(byHost).startsWith("HTTP/1.1 200").contains("\"path\":\"/h-e2e/shop/cart\"");
        assertThat(refused).startsWith("HTTP/1.1 405").containsIgnoringCase("allow: GET, HEAD")
                .contains("\"code\":\"METHOD_NOT_ALLOWED\"");
        assertThat(direct.status()).as("paths no trigger routes still reach /{ns}/{fn}").isEqualTo(200);
        assertThat(direct.json().path("path").asString()).isEqualTo("/direct");
    }

    @Test
    void basicAndBearerAuthRefuseMissingAndWrongCredentialsAndTheFunctionNeverSeesThem() {
        createTrigger("h-basic", "{\"function\": \"http-echo\", \"path\": \"/h-e2e/basic\", \"auth\": {\"type\":"
                + " \"basic\", \"users\": [{\"username\": \"ada\", \"password\": \"" + PASSWORD + "\"}]}}");
        createTrigger("h-bearer", "{\"function\": \"http-echo\", \"path\": \"/h-e2e/bearer\", \"auth\": {\"type\":"
                + " \"bearer\", \"tokens\": [{\"name\": \"ci\", \"token\": \"" + TOKEN + "\"}]}}");
        awaitReady("h-basic", "Active");
        awaitReady("h-bearer", "Active");

        Http.Response basicMissing = call("GET", "/h-e2e/basic/x");
        Http.Response basicWrong = call("GET", "/h-e2e/basic/x", "Authorization", Http.basic("ada", "wrong password"));
        Http.Response basicRight = call("GET", "/h-e2e/basic/x", "Authorization", Http.basic("ada", PASSWORD));
        Http.Response bearerMissing = call("GET", "/h-e2e/bearer/x");
        Http.Response bearerWrong = call("GET", "/h-e2e/bearer/x", "Authorization", "Bearer not-" + TOKEN);
        Http.Response bearerRight = call("GET", "/h-e2e/bearer/x", "Authorization", "Bearer " + TOKEN);

        for (Http.Response refused : List.of(basicMissing, basicWrong, bearerMissing, bearerWrong)) {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.code()).isEqualTo("UNAUTHORIZED");
        }
        assertThat(basicMissing.header("WWW-Authenticate")).startsWith("Basic realm=\"default/h-basic\"");
        assertThat(bearerWrong.header("WWW-Authenticate")).contains("Bearer", "invalid_token");
        for (Http.Response allowed : List.of(basicRight, bearerRight)) {
            assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
            assertThat(allowed.json().path("headers").has("authorization")).isFalse();
        }
    }

    @Test
    void theGatewayAnswersCorsPreflightsAndRefusesCallsPastTheRateLimit() {
        createTrigger("h-cors", "{\"function\": \"http-echo\", \"path\": \"/h-e2e/cors\", \"methods\": [\"GET\","
                + " \"POST\"], \"cors\": {\"allowOrigins\": [\"https://app.e2e.test\"], \"maxAgeSeconds\": 300}}");
        createTrigger("h-limited", "{\"function\": \"http-echo\", \"path\": \"/h-e2e/limited\", \"rateLimit\":"
                + " {\"requestsPerSecond\": 1, \"burst\": 2}}");
        awaitReady("h-cors", "Active");
        awaitReady("h-limited", "Active");

        Http.Response preflight = call("OPTIONS", "/h-e2e/cors/orders", "Origin", "https://app.e2e.test",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type");
        Http.Response actual = call("GET", "/h-e2e/cors/orders", "Origin", "https://app.e2e.test");

        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://app.e2e.test");
        assertThat(preflight.header("Access-Control-Allow-Methods")).isEqualTo("GET, POST");
        assertThat(preflight.header("Access-Control-Allow-Headers")).isEqualTo("content-type");
        assertThat(preflight.header("Access-Control-Max-Age")).isEqualTo("300");
        assertThat(actual.status()).isEqualTo(200);
        assertThat(actual.header("Access-Control-Allow-Origin")).isEqualTo("https://app.e2e.test");

        List<Http.Response> burst = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            burst.add(call("GET", "/h-e2e/limited/" + i));
        }
        Http.Response limited = burst.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
        assertThat(burst.getFirst().status()).isEqualTo(200);
        assertThat(limited.header("Retry-After")).isEqualTo("1");
        assertThat(limited.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(limited.code()).isEqualTo("RATE_LIMITED");
    }

    @Test
    void aChangedRouteTakesEffectWithoutARestart() {
        createTrigger("h-move", "{\"function\": \"http-echo\", \"path\": \"/h-e2e/before\"}");
        awaitReady("h-move", "Active");
        assertThat(call("GET", "/h-e2e/before/x").status()).isEqualTo(200);

        Http.Response replaced = null;
        for (int attempt = 0; attempt < 5; attempt++) { // the gateway writes status too: reapply on 409
            ObjectNode edited = (ObjectNode) trigger("h-move");
            ((ObjectNode) edited.path("spec")).put("path", "/h-e2e/after");
            replaced = nubo.apiCall("PUT", "/api/v1/namespaces/default/httptriggers/h-move", "application/json",
                    edited.toString());
            if (replaced.status() != 409) {
                break;
            }
        }
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        awaitReady("h-move", "Active");

        Http.Response after = call("GET", "/h-e2e/after/y");
        Http.Response before = call("GET", "/h-e2e/before/x");
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.json().path("path").asString()).isEqualTo("/y");
        assertThat(before.status()).as("falls to /{ns}/{fn} again: no namespace h-e2e").isEqualTo(404);
        assertThat(before.code()).isEqualTo("FUNCTION_NOT_FOUND");
    }

    @Test
    void aTriggerWaitsForItsFunctionAndRoutesOnceItExists() {
        createTrigger("h-later", "{\"function\": \"http-later\", \"path\": \"/h-e2e/later\"}");
        JsonNode waiting = awaitReady("h-later", "FunctionNotFound");
        assertThat(waiting.path("status").asString()).isEqualTo("False");
        assertThat(waiting.path("message").asString()).contains("http-later");
        Http.Response missing = call("GET", "/h-e2e/later");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("FUNCTION_NOT_FOUND");

        nubo.create("default", Functions.python("http-later", Functions.PY_ECHO));
        awaitReady("h-later", "Active");
        assertThat(trigger("h-later").path("status").path("functions").path(0).asString()).isEqualTo("http-later");
        nubo.awaitReady("default", "http-later");

        Http.Response routed = call("GET", "/h-e2e/later/now");
        assertThat(routed.status()).as(routed.body()).isEqualTo(200);
        assertThat(routed.json().path("function").asString()).isEqualTo("http-later");
        assertThat(routed.json().path("path").asString()).isEqualTo("/now");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode status = trigger("h-later").path("status");
            assertThat(status.path("counts").path("calls").asLong()).as(status.toString()).isEqualTo(1);
            assertThat(status.path("lastFire").path("status").asInt()).isEqualTo(200);
            assertThat(status.path("lastFire").path("function").asString()).isEqualTo("http-later");
            assertThat(status.path("lastError").path("status").asInt()).as("the 404 came before a function existed")
                    .isZero();
        });
    }

    @Test
    void aSecondTriggerOnTheSameRouteShowsTheConflict() {
        createTrigger("h-first", "{\"function\": \"http-echo\", \"path\": \"/h-e2e/same\"}");
        awaitReady("h-first", "Active");
        createTrigger("h-second", "{\"function\": \"http-echo\", \"path\": \"/h-e2e/same/\"}");

        JsonNode conflict = awaitReady("h-second", "RouteConflict");
        assertThat(conflict.path("message").asString()).contains("default/h-first");
    }
}
