package dev.nubo.runtime.java;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.nubo.runtime.java.json.Json;
import dev.nubo.runtime.java.support.FunctionBuild;
import dev.nubo.runtime.java.support.RuntimeDescriptor.Dirs;
import dev.nubo.runtime.java.support.RuntimeServer;

/** Warm start: a server started without a function waits in the pool until POST /_nubo/specialize. */
class SpecializeTest {

    @Test
    void aWaitingServerIsHealthyRefusesCallsAndIsSpecializedOnce() throws IOException {
        Dirs api = FunctionBuild.shared("api");
        try (RuntimeServer server = RuntimeServer.startUnspecialized(api, Map.of())) {
            assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(server.get("/hello").statusCode()).isEqualTo(503);
            assertThat(server.get("/hello").body()).isEqualTo("Error: not specialized");

            HttpResponse<String> specialized = specialize(server, body(api, "Api.handle",
                    Map.of("functionName", "greeter", "timeout", 7, "runtime", "java21", "memoryLimit", "128Mi",
                            "env", Map.of("GREETING", "hi from env"))), null);

            assertThat(specialized.statusCode()).isEqualTo(200);
            assertThat(Json.parse(specialized.body())).isEqualTo(Map.of("specialized", true));
            assertThat(server.get("/env").body()).isEqualTo("hi from env");
            assertThat(server.get("/describe").body()).contains("\"functionName\":\"greeter\"",
                    "\"timeout\":\"7\"", "\"runtime\":\"java21\"", "\"memoryLimit\":\"128Mi\"");
            HttpResponse<String> again = specialize(server, body(api, "Api.handle", Map.of()), null);
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(server.get("/hello").body()).isEqualTo("hello world");
        }
    }

    @Test
    void badRequestsAreRefusedAndLeaveTheServerWaiting() throws IOException {
        Dirs api = FunctionBuild.shared("api");
        try (RuntimeServer server = RuntimeServer.startUnspecialized(api, Map.of())) {
            assertThat(specialize(server, "{not json", null).statusCode()).isEqualTo(400);
            assertThat(specialize(server, "{\"codeDir\": \"/x\"}", null).statusCode()).isEqualTo(400);
            assertThat(specialize(server, body(api, "Api.handle", Map.of("timeout", "soon")), null).statusCode())
                    .isEqualTo(400);

            HttpResponse<String> missing = specialize(server, body(api, "Missing.handle", Map.of()), null);

            assertThat(missing.statusCode()).isEqualTo(500);
            assertThat((String) ((Map<?, ?>) Json.parse(missing.body())).get("error")).contains("Missing", "not found");
            assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(server.get("/hello").statusCode()).isEqualTo(503);
            assertThat(server.send(HttpRequest.newBuilder(server.uri("/_nubo/specialize")).GET()).statusCode())
                    .isEqualTo(405);
            assertThat(specialize(server, body(api, "Api.handle", Map.of()), null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theTokenIsRequiredWhenConfigured() throws IOException {
        Dirs api = FunctionBuild.shared("api");
        try (RuntimeServer server = RuntimeServer.startUnspecialized(api, Map.of("NUBO_SPECIALIZE_TOKEN", "s3cret"))) {
            String body = body(api, "Api.handle", Map.of());

            assertThat(specialize(server, body, null).statusCode()).isEqualTo(403);
            assertThat(specialize(server, body, "guess").statusCode()).isEqualTo(403);
            assertThat(specialize(server, body, "s3cret").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aPackagedHandlerClassGetsParsedJson() throws IOException {
        String answer = specializeAndCall("com.example.Greeter.handle", "application/json", "{\"name\": \"Ada\"}");

        assertThat(Json.parse(answer)).isEqualTo(Map.of("greeting", "hi Ada", "function", "greeter"));
    }

    @Test
    void aJavaUtilFunctionIsCalledThroughApply() throws IOException {
        assertThat(specializeAndCall("Upper.apply", "text/plain", "shout")).isEqualTo("SHOUT");
    }

    @Test
    void aStaticMethodOfAPackagePrivateClassNeedsNoInstance() throws IOException {
        assertThat(specializeAndCall("Statics.ping", "text/plain", "")).isEqualTo("42");
    }

    @Test
    void aClassThatFailsToInitializeIsReportedNotFatal() throws IOException {
        Dirs shapes = FunctionBuild.shared("shapes");
        try (RuntimeServer server = RuntimeServer.startUnspecialized(shapes, Map.of())) {
            HttpResponse<String> response = specialize(server, body(shapes, "Broken.handle", Map.of()), null);

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).contains("cannot start: no database");
            assertThat(server.get("/healthz").statusCode()).isEqualTo(200);
        }
        try (RuntimeServer server = RuntimeServer.start(shapes, "Broken.handle", Map.of())) {
            HttpResponse<String> health = server.get("/healthz");

            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).startsWith("unhealthy: loading the code failed").contains("no database");
            assertThat(server.get("/anything").statusCode()).isEqualTo(500);
        }
    }

    private static String specializeAndCall(String handler, String contentType, String data) throws IOException {
        Dirs shapes = FunctionBuild.shared("shapes");
        try (RuntimeServer server = RuntimeServer.startUnspecialized(shapes, Map.of())) {
            HttpResponse<String> specialized = specialize(server, body(shapes, handler,
                    Map.of("functionName", "greeter")), null);
            assertThat(specialized.statusCode()).as(specialized.body()).isEqualTo(200);
            HttpResponse<String> response = server.post("/", contentType, data);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return response.body();
        }
    }

    private static String body(Dirs dirs, String handler, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("codeDir", dirs.code().toString());
        body.put("buildDir", dirs.build().toString());
        body.put("depsDir", dirs.deps().toString());
        body.put("handler", handler);
        body.putAll(extra);
        return Json.write(body);
    }

    private static HttpResponse<String> specialize(RuntimeServer server, String body, String token)
            throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/_nubo/specialize"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Nubo-Specialize-Token", token);
        }
        return server.send(request);
    }
}
