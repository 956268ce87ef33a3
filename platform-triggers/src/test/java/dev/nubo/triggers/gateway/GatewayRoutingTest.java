package dev.nubo.triggers.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nubo.core.endpoint.FunctionRoute;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which replica gets a call, with what target, and what the caller gets back. */
class GatewayRoutingTest {

    static RecordingUpstream first;
    static RecordingUpstream second;
    static StaticFunctionEndpoints functions = new StaticFunctionEndpoints();
    static GatewayFixture gateway;

    @BeforeAll
    static void start() {
        first = RecordingUpstream.start("first");
        second = RecordingUpstream.start("second");
        functions.ready("shop", "hello", first.endpoint())
                .ready("shop", "pair", first.endpoint(), second.endpoint())
                .put(new FunctionRoute("shop", "cold", List.of(), Duration.ofSeconds(30),
                        "Building: installing requirements.txt", false));
        gateway = GatewayFixture.start(functions);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        first.close();
        second.close();
    }

    @Test
    void forwardsThePathAfterTheFunctionWithTheQuery() {
        HttpResponse<String> response = gateway.get("/shop/hello/orders/42?expand=items&x=%20y");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("first");
        assertThat(first.last().uri()).isEqualTo("/orders/42?expand=items&x=%20y");
    }

    @Test
    void forwardsTheRootWhenNothingFollowsTheFunction() {
        gateway.get("/shop/hello");
        assertThat(first.last().uri()).isEqualTo("/");

        gateway.get("/shop/hello?q=1");
        assertThat(first.last().uri()).isEqualTo("/?q=1");

        gateway.get("/shop/hello/");
        assertThat(first.last().uri()).isEqualTo("/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"})
    void forwardsEveryMethod(String method) {
        HttpResponse<String> response = gateway.send(gateway.request("/shop/hello/m")
                .method(method, BodyPublishers.noBody()).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(first.last().method()).isEqualTo(method);
        assertThat(response.body()).isEqualTo(method.equals("HEAD") ? "" : "first");
    }

    @Test
    void passesTheRequestBodyAndContentType() {
        String json = "{\"order\": 42, \"note\": \"größer\"}";
        HttpResponse<String> response = gateway.send(gateway.request("/shop/hello/echo")
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(BodyPublishers.ofString(json)).build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(json);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(first.last().bodyText()).isEqualTo(json);
        assertThat(first.last().header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    }

    @ParameterizedTest
    @ValueSource(ints = {201, 404, 408, 500})
    void passesTheFunctionsStatusHeadersAndBodyBack(int status) {
        HttpResponse<String> response = gateway.get("/shop/hello/status/" + status);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).isEqualTo("status " + status);
        assertThat(response.headers().firstValue("X-Function")).hasValue("yes");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(response.headers().firstValue("Keep-Alive")).as("hop-by-hop").isEmpty();
    }

    @Test
    void balancesRoundRobinOverTheReadyEndpoints() {
        List<String> answeredBy = IntStream.range(0, 6)
                .mapToObj(i -> gateway.get("/shop/pair").body())
                .toList();

        assertThat(answeredBy).containsOnly("first", "second");
        assertThat(IntStream.range(1, 6).allMatch(i -> !answeredBy.get(i).equals(answeredBy.get(i - 1))))
                .as("alternates: %s", answeredBy).isTrue();
    }

    @Test
    void answers404ProblemForAnUnknownFunction() {
        HttpResponse<String> response = gateway.get("/shop/nope/x");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Problems.read(response))
                .containsEntry("status", 404)
                .containsEntry("code", "FUNCTION_NOT_FOUND")
                .containsEntry("title", "Function not found")
                .containsEntry("type", "https://nubo.dev/problems/function-not-found")
                .containsEntry("instance", "/shop/nope")
                .containsKey("detail");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/shop", "/shop/", "//hello"})
    void answers404ProblemWhenThePathNamesNoFunction(String path) {
        HttpResponse<String> response = gateway.get(path);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Problems.read(response)).containsEntry("code", "FUNCTION_NOT_FOUND");
    }

    @Test
    void answers503WithTheReasonWhenNoReplicaIsReady() {
        HttpResponse<String> response = gateway.get("/shop/cold");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(Problems.read(response))
                .containsEntry("status", 503)
                .containsEntry("code", "FUNCTION_NOT_READY")
                .containsEntry("detail", "Building: installing requirements.txt");
    }

    @Test
    void keepsServingTheSameConnectionAfterProblems() {
        HttpRequest unknown = gateway.request("/shop/nope").build();
        HttpRequest known = gateway.request("/shop/hello").build();

        assertThat(gateway.send(unknown).statusCode()).isEqualTo(404);
        assertThat(gateway.send(known).statusCode()).isEqualTo(200);
        assertThat(gateway.send(unknown).statusCode()).isEqualTo(404);
        assertThat(gateway.send(known).body()).isEqualTo("first");
    }
}
