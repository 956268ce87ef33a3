package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

/** The REST API's contract: authentication, problem details with stable codes, Kubeless manifests, discovery. */
class ApiE2ETest {

    private final Platform nubo = Platform.shared();

    static Stream<Arguments> protectedRoutes() {
        return Stream.of(
                Arguments.of("GET", "/api/v1/namespaces/default/functions"),
                Arguments.of("POST", "/api/v1/namespaces/default/functions"),
                Arguments.of("GET", "/api/v1/namespaces/default/functions/x"),
                Arguments.of("PUT", "/api/v1/namespaces/default/functions/x"),
                Arguments.of("DELETE", "/api/v1/namespaces/default/functions/x"),
                Arguments.of("POST", "/api/v1/namespaces/default/functions/x/invoke"),
                Arguments.of("GET", "/api/v1/namespaces/default/functions/x/logs"),
                Arguments.of("GET", "/api/v1/runtimes"),
                Arguments.of("GET", "/api/v1/namespaces"),
                Arguments.of("POST", "/api/v1/namespaces"),
                Arguments.of("GET", "/api/v1/anything-else"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("protectedRoutes")
    void everyApiRouteNeedsCredentials(String method, String path) {
        Http.Response anonymous = Http.send(method, nubo.api(path), "application/json", "{}");
        Http.Response badToken = Http.send(method, nubo.api(path), "application/json", "{}",
                "Authorization", "Bearer nubo_not_a_token");
        Http.Response badPassword = Http.send(method, nubo.api(path), "application/json", "{}",
                "Authorization", Http.basic("guess-" + Integer.toHexString((method + path).hashCode()), "wrong"));

        for (Http.Response response : List.of(anonymous, badToken, badPassword)) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.code()).isEqualTo("UNAUTHORIZED");
        }
        assertThat(anonymous.header("WWW-Authenticate")).contains("Basic");
    }

    /** What a Kubernetes pod's init container downloads when the code is too large for a ConfigMap. */
    @Test
    void aFunctionsCodeIsServedWithoutCredentialsToWhoeverKnowsItsSha256AndToNoOneElse() throws Exception {
        String zip = FunctionLifecycleE2ETest.zip(Map.of("main.py", "def handler(e, c):\n    return 'zipped'\n"));
        assertThat(nubo.create("default", Functions.document("by-digest", "python3.11", "main.handler",
                Map.of("zip", zip), null, Map.of(), null)).status()).isEqualTo(201);
        byte[] archive = Base64.getDecoder().decode(zip);
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(archive));

        java.net.http.HttpResponse<byte[]> served = Http.client().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(nubo.api("/api/v1/function-sources/default/by-digest/" + sha256))).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(archive);

        String otherDigest = sha256.substring(1) + "0";
        for (String path : List.of("/api/v1/function-sources/default/by-digest/" + otherDigest,
                "/api/v1/function-sources/default/no-such-function/" + sha256,
                "/api/v1/function-sources/no-such-namespace/by-digest/" + sha256)) {
            Http.Response miss = Http.send("GET", nubo.api(path), null, null);
            assertThat(miss.status()).as(path).isEqualTo(404);
            assertThat(miss.code()).as(path).isEqualTo("FUNCTION_SOURCE_NOT_FOUND");
        }
    }

    @Test
    void basicAuthenticationAsAdminWorks() {
        Http.Response response = Http.send("GET", nubo.api("/api/v1/runtimes"), null, null,
                "Authorization", Http.basic("admin", Platform.PASSWORD));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("items").findValuesAsString("id")).contains("python3.11", "nodejs20");
    }

    @Test
    void aSessionCookieAloneNeverAuthenticatesTheApi() {
        Http.Response response = Http.send("GET", nubo.api("/api/v1/namespaces"), null, null,
                "Cookie", "JSESSIONID=anything; NUBO_SESSION=anything");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Set-Cookie")).isNull();
    }

    static Stream<Arguments> badFunctions() {
        String ok = "def handler(e, c):\n    return 1\n";
        return Stream.of(
                Arguments.of("name", Functions.python("Bad_Name", ok), "NAME_INVALID"),
                Arguments.of("runtime", Functions.inline("bad-runtime", "cobol85", "main.handler", ok), "RUNTIME_UNKNOWN"),
                Arguments.of("handler", Functions.inline("bad-handler", "python3.11", "x;touch /tmp/p", ok),
                        "HANDLER_INVALID"),
                Arguments.of("timeout", Functions.document("bad-timeout", "python3.11", "main.handler",
                        Map.of("inline", ok), null, Map.of(), 100000), "TIMEOUT_OUT_OF_RANGE"),
                Arguments.of("source", Functions.document("bad-source", "python3.11", "main.handler", Map.of(), null,
                        Map.of(), null), "SOURCE_INVALID"),
                Arguments.of("env", Functions.document("bad-env", "python3.11", "main.handler", Map.of("inline", ok),
                        null, Map.of("FUNC_PORT", "1"), null), "ENV_RESERVED"),
                Arguments.of("checksum", Functions.document("bad-url", "python3.11", "main.handler",
                        Map.of("url", "https://example.com/f.py"), null, Map.of(), null), "CHECKSUM_INVALID"),
                Arguments.of("zip-slip", Functions.document("bad-zip", "python3.11", "main.handler",
                        Map.of("zip", zipSlip()), null, Map.of(), null), "ARCHIVE_UNSAFE_PATH"),
                Arguments.of("unknown field", "{\"metadata\":{\"name\":\"typo\"},\"spec\":{\"runtime\":\"python3.11\","
                        + "\"handler\":\"main.handler\",\"source\":{\"inline\":\"x\"},\"timeoutSecond\":5}}",
                        "FIELD_UNKNOWN"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFunctions")
    void badInputGets422WithAStableCodeAndStoresNothing(String what, String document, String code) {
        Http.Response response = nubo.create("default", document);

        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(response.json().path("errors").findValuesAsString("code")).contains(code);
        String name = Http.JSON.readTree(document).path("metadata").path("name").asString();
        assertThat(nubo.get("default", name).status()).isEqualTo(404);
    }

    @Test
    void malformedBodiesAndWrongMediaTypesAreClientErrors() {
        Http.Response notJson = nubo.create("default", "{not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.code()).isEqualTo("MALFORMED_REQUEST");

        Http.Response html = Http.send("POST", nubo.functions("default"), "text/html", "<b>x</b>",
                "Authorization", "Bearer " + Platform.TOKEN);
        assertThat(html.status()).isEqualTo(415);
        assertThat(html.code()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        // a form body is no resource either — even one that is not valid form encoding (a lone %: it answered 500)
        for (String method : List.of("POST", "PUT")) {
            Http.Response form = Http.send(method, nubo.functions("default") + (method.equals("POST") ? "" : "/f"),
                    "application/x-www-form-urlencoded", "name=f&x=%", "Authorization", "Bearer " + Platform.TOKEN);
            assertThat(form.status()).as(method).isEqualTo(415);
            assertThat(form.code()).as(method).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        }

        Http.Response huge = nubo.create("default", "{\"x\":\"" + "a".repeat(9 * 1024 * 1024) + "\"}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.code()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void conflictsAndMissingThingsHaveTheirOwnCodes() {
        String hello = Functions.python("twice", "def handler(e, c):\n    return 1\n");
        assertThat(nubo.create("default", hello).status()).isEqualTo(201);

        Http.Response duplicate = nubo.create("default", hello);
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.code()).isEqualTo("FUNCTION_EXISTS");
        Http.Response noNamespace = nubo.create("nowhere", hello);
        assertThat(noNamespace.status()).isEqualTo(404);
        assertThat(noNamespace.code()).isEqualTo("NAMESPACE_NOT_FOUND");
        Http.Response missing = nubo.get("default", "never-created");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("FUNCTION_NOT_FOUND");
        Http.Response noInvoke = nubo.apiCall("POST", "/api/v1/namespaces/default/functions/never-created/invoke",
                "text/plain", "x");
        assertThat(noInvoke.code()).isEqualTo("FUNCTION_NOT_FOUND");
    }

    @Test
    void anUpdateWithAStaleResourceVersionIsRefusedAndPlatformFieldsAreIgnored() {
        nubo.create("default", Functions.python("versioned", "def handler(e, c):\n    return 1\n"));
        // the controller writes status while it deploys, and every write is a new resourceVersion: read it once settled
        JsonNode created = nubo.awaitReady("default", "versioned");
        String version = created.path("metadata").path("resourceVersion").asString();
        String v2 = "{\"metadata\":{\"name\":\"versioned\",\"resourceVersion\":\"" + version + "\",\"uid\":\"forged\","
                + "\"generation\":99},\"spec\":{\"runtime\":\"python3.11\",\"handler\":\"main.handler\","
                + "\"source\":{\"inline\":\"def handler(e, c):\\n    return 2\\n\"}},"
                + "\"status\":{\"phase\":\"Ready\"}}";

        Http.Response first = nubo.apiCall("PUT", "/api/v1/namespaces/default/functions/versioned", "application/json", v2);
        Http.Response stale = nubo.apiCall("PUT", "/api/v1/namespaces/default/functions/versioned", "application/json", v2);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("metadata").path("uid").asString())
                .isEqualTo(created.path("metadata").path("uid").asString());
        assertThat(first.json().path("metadata").path("generation").asLong()).isEqualTo(2);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.code()).isEqualTo("RESOURCE_VERSION_CONFLICT");
        Http.Response renamed = nubo.apiCall("PUT", "/api/v1/namespaces/default/functions/versioned",
                "application/json", v2.replace("\"name\":\"versioned\"", "\"name\":\"other\""));
        assertThat(renamed.status()).isEqualTo(422);
    }

    @Test
    void aKubelessYamlManifestRunsUnchanged() {
        String manifest = """
                apiVersion: kubeless.io/v1beta1
                kind: Function
                metadata:
                  name: get-python
                  labels:
                    created-by: kubeless
                spec:
                  handler: helloget.foo
                  runtime: python3.7
                  function: |
                    def foo(event, context):
                        return "hello world"
                  function-content-type: text
                  deps: ""
                  timeout: "180"
                """;
        Http.Response created = Http.send("POST", nubo.functions("default"), "application/yaml", manifest,
                "Authorization", "Bearer " + Platform.TOKEN);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("spec").path("runtime").asString()).isEqualTo("python3.11");
        assertThat(created.json().path("spec").path("timeoutSeconds").asInt()).isEqualTo(180);
        nubo.awaitReady("default", "get-python");
        assertThat(nubo.call("GET", "/default/get-python", null, null).body()).isEqualTo("hello world");
    }

    @Test
    void aKubelessJsonManifestForNodeRunsOnTheOfferedNode() {
        String code = Base64.getEncoder().encodeToString(
                "module.exports = { foo: function (event, context) { return 'hello world!'; } };".getBytes());
        String manifest = "{\"apiVersion\":\"kubeless.io/v1beta1\",\"kind\":\"Function\",\"metadata\":{\"name\":"
                + "\"get-nodejs\"},\"spec\":{\"handler\":\"helloget.foo\",\"runtime\":\"nodejs14\",\"function\":\""
                + code + "\",\"function-content-type\":\"base64\"}}";
        Http.Response created = nubo.create("default", manifest);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("spec").path("runtime").asString()).isEqualTo("nodejs20");
        nubo.awaitReady("default", "get-nodejs");
        assertThat(nubo.call("GET", "/default/get-nodejs", null, null).body()).isEqualTo("hello world!");
    }

    @Test
    void namespacesAreCreatedListedAndDeletedWhenEmpty() {
        Http.Response created = nubo.apiCall("POST", "/api/v1/namespaces", "application/json",
                "{\"metadata\":{\"name\":\"team-x\"}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(nubo.apiCall("GET", "/api/v1/namespaces", null, null).json().path("items")
                .findValuesAsString("name")).contains("default", "team-x");
        assertThat(nubo.create("team-x", Functions.python("in-team", "def handler(e, c):\n    return 'x'\n")).status())
                .isEqualTo(201);

        assertThat(nubo.apiCall("DELETE", "/api/v1/namespaces/team-x", null, null).code())
                .isEqualTo("NAMESPACE_NOT_EMPTY");
        assertThat(nubo.apiCall("DELETE", "/api/v1/namespaces/default", null, null).code())
                .isEqualTo("NAMESPACE_PROTECTED");
        nubo.delete("team-x", "in-team");
        assertThat(nubo.apiCall("DELETE", "/api/v1/namespaces/team-x", null, null).status()).isEqualTo(200);
        assertThat(nubo.apiCall("POST", "/api/v1/namespaces", "application/json", "{\"metadata\":{\"name\":\"Bad\"}}")
                .status()).isEqualTo(422);
    }

    @Test
    void theOpenApiDocumentDescribesTheApi() {
        Http.Response doc = Http.send("GET", nubo.api("/v3/api-docs"), null, null);

        assertThat(doc.status()).isEqualTo(200);
        JsonNode paths = doc.json().path("paths");
        assertThat(paths.has("/api/v1/namespaces/{namespace}/functions")).isTrue();
        assertThat(paths.has("/api/v1/namespaces/{namespace}/functions/{name}/invoke")).isTrue();
        assertThat(paths.has("/api/v1/runtimes")).isTrue();
    }

    @Test
    void theConsoleLoginPageAndHealthArePublic() {
        Http.Response console = Http.send("GET", nubo.api("/"), null, null);
        assertThat(console.status()).isEqualTo(302);
        assertThat(console.header("Location")).endsWith("/login");
        Http.Response login = Http.send("GET", nubo.api("/login"), null, null);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.header("Content-Type")).startsWith("text/html");
        assertThat(login.body()).contains("Nubo", "name=\"password\"", "/api/v1", "/v3/api-docs");
        Http.Response health = Http.send("GET", nubo.api("/actuator/health"), null, null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asString()).isEqualTo("UP");
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        Http.Response method = nubo.apiCall("PATCH", "/api/v1/runtimes", "application/json", "{}");
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.code()).isEqualTo("METHOD_NOT_ALLOWED");
        Http.Response unknown = nubo.apiCall("GET", "/api/v1/nothing-here", null, null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("NOT_FOUND");
        assertThat(unknown.body()).doesNotContain("Exception", "at dev.nubo");
    }

    private static String zipSlip() {
        try {
            return FunctionLifecycleE2ETest.zip(Map.of("../../escape.py", "x = 1"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The API takes writes one at a time (nubo.api.concurrent-writes, 1): clients sending their bodies slowly must
     * not hold that turn, or one slow client would stall every change. Two writes stop halfway through their bodies;
     * a third write is answered at once, and the two slow ones are answered when their bodies are complete.
     */
    @Test
    void writesSendingTheirBodiesSlowlyDoNotHoldUpOtherWrites() throws Exception {
        List<java.net.Socket> slow = new java.util.ArrayList<>();
        List<String> bodies = new java.util.ArrayList<>();
        try {
            for (int i = 1; i <= 2; i++) {
                String body = Http.json(Map.of("metadata", Map.of("name", "slow-writer-" + i), "data", Map.of("k", "v")));
                java.net.Socket socket = new java.net.Socket("127.0.0.1", nubo.apiPort);
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(("POST /api/v1/namespaces/default/secrets HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: Bearer " + Platform.TOKEN + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
                        + body.substring(0, body.length() / 2)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                slow.add(socket);
                bodies.add(body);
            }

            Http.Response meanwhile = nubo.admin("POST", "/api/v1/namespaces/default/secrets",
                    Http.json(Map.of("metadata", Map.of("name", "quick-writer"), "data", Map.of("k", "v"))));

            assertThat(meanwhile.status()).as(meanwhile.body()).isEqualTo(201);
            for (int i = 0; i < 2; i++) {
                String body = bodies.get(i);
                slow.get(i).getOutputStream().write(body.substring(body.length() / 2)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                String answer = new String(slow.get(i).getInputStream().readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8);
                assertThat(answer).startsWith("HTTP/1.1 201");
            }
        } finally {
            for (java.net.Socket socket : slow) {
                socket.close();
            }
            for (String name : List.of("slow-writer-1", "slow-writer-2", "quick-writer")) {
                nubo.admin("DELETE", "/api/v1/namespaces/default/secrets/" + name, null);
            }
        }
    }
}
