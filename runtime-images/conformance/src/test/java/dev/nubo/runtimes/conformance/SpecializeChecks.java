package dev.nubo.runtimes.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.assertj.core.api.SoftAssertions;
import tools.jackson.databind.node.ObjectNode;

/** The warm pool: a server started without a function, then handed one by POST /_nubo/specialize. */
final class SpecializeChecks extends CheckGroup {

    static final String PATH = "/_nubo/specialize";
    private static final String POOLED_NAME = "pooled-fn";
    private static final String POOLED_MEMORY = "64Mi";
    private static final String EARLIER_LOG_LINE = "a line the function's log had before";

    private final Once<ServerProcess> server;

    SpecializeChecks(RuntimeUnderTest runtime) {
        super(runtime);
        this.server = new Once<>("starting an unspecialized server", () -> runtime.startUnspecialized("pool"));
    }

    @Override
    List<Check> checks() {
        return List.of(
                new Check("unspecialized: /healthz answers 200, calls answer 503 'Error: not specialized', "
                        + "not counted as calls", this::unspecialized),
                new Check("specialize: a malformed body answers 400 and the server stays unspecialized",
                        this::malformed),
                new Check("specialize: a handler that cannot load answers 500 {error} and the server stays "
                        + "unspecialized", this::loadFailure),
                new Check("specialize: answers 200 {specialized: true}; then /hello works and /env sees its env",
                        this::specialize),
                new Check("specialize: logFile: what the function prints (stdout, stderr, a child process) and the "
                        + "access log are appended to it, nothing of it to the server's own output", this::logFile),
                new Check("specialize: the context comes from the request (functionName, timeout, runtime, "
                        + "memoryLimit)", this::contextFromRequest),
                new Check("specialize: a second request answers 409", this::secondTime));
    }

    @Override
    protected FunctionClient client() {
        return server.get().client();
    }

    private void unspecialized() {
        Reply health = assertStatus(client().get("/healthz"), 200);
        assertThat(health.header("Nubo-Instance")).as("Nubo-Instance of %s", health)
                .contains(server.get().instanceId());
        Metrics before = client().metrics();
        assertStillUnspecialized();
        Reply refused = client().post("/echo", "text/plain", "x");
        assertErrorAnswer(refused, 503, "Error: not specialized");
        assertNotCounted(client(), before, refused);
    }

    private void malformed() {
        assertStatus(client().post(PATH, "application/json", "{\"codeDir\": "), 400);
        assertStillUnspecialized();
    }

    private void loadFailure() {
        Reply reply = assertStatus(client().post(PATH, "application/json",
                request(runtime.build().fixture().missingHandler()).toString()), 500);
        assertThat(reply.field("error")).as("error in %s", reply).isNotBlank();
        assertStillUnspecialized();
    }

    private void specialize() {
        ObjectNode request = request(runtime.build().fixture().handler());
        request.put("logFile", functionLog().toString());
        try {
            Files.writeString(functionLog(), EARLIER_LOG_LINE + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Reply reply = assertStatus(client().post(PATH, "application/json", request.toString()), 200);
        assertThat(reply.json().path("specialized").asBoolean(false)).as("specialized in %s", reply).isTrue();
        assertBody(client().get("/hello"), "hello world");
        assertBody(client().get("/env"), "hi");
    }

    private void logFile() {
        String marker = "marker-" + UUID.randomUUID();
        assertBody(client().post("/print", "text/plain", marker), "printed");
        await("the function's output in " + functionLog()).atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> assertThat(FileTrees.read(functionLog())).as("the function's log")
                        .startsWith(EARLIER_LOG_LINE + "\n")
                        .contains("stdout " + marker + "\n", "stderr " + marker + "\n", "child " + marker + "\n")
                        .containsPattern("(?m)^\\S+ POST /print 200 \\d+(\\.\\d+)?ms$")
                        .as("the function's log has no line for the platform's specialize request")
                        .doesNotContain("/_nubo/specialize"));
        assertThat(server.get().stdout() + server.get().stderr()).as("the pool server's own output")
                .doesNotContain(marker).doesNotContain("/print");
    }

    private Path functionLog() {
        return runtime.build().logDir().resolve("pooled-fn.log");
    }

    private void contextFromRequest() {
        Reply reply = assertStatus(client().get("/describe"), 200);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(reply.field("functionName")).as("function-name").isEqualTo(POOLED_NAME);
        soft.assertThat(reply.field("timeout")).as("timeout").isEqualTo(Integer.toString(RuntimeUnderTest.TIMEOUT_SECONDS));
        soft.assertThat(reply.field("runtime")).as("runtime").isEqualTo(runtime.id());
        soft.assertThat(reply.field("memoryLimit")).as("memory-limit").isEqualTo(POOLED_MEMORY);
        soft.assertAll();
    }

    private void secondTime() {
        try {
            assertStatus(client().post(PATH, "application/json", request(runtime.build().fixture().handler())
                    .toString()), 409);
            assertBody(client().get("/hello"), "hello world");
        } finally {
            server.ifDone(ServerProcess::close);
        }
    }

    private void assertStillUnspecialized() {
        assertErrorAnswer(client().get("/hello"), 503, "Error: not specialized");
    }

    private ObjectNode request(String handler) {
        return request(runtime, runtime.build().codeDir(), handler);
    }

    /** The specialize request of the fixture with code in {@code codeDir} (the contract's fields, with env). */
    static ObjectNode request(RuntimeUnderTest runtime, Path codeDir, String handler) {
        FunctionBuild build = runtime.build();
        ObjectNode body = Reply.JSON.createObjectNode();
        body.put("codeDir", codeDir.toString());
        body.put("depsDir", build.depsDir().toString());
        if (build.runtime().descriptor().compiles()) {
            body.put("buildDir", build.buildDir().toString());
        }
        body.put("handler", handler);
        body.put("functionName", POOLED_NAME);
        body.put("timeout", RuntimeUnderTest.TIMEOUT_SECONDS);
        body.put("runtime", runtime.id());
        body.put("memoryLimit", POOLED_MEMORY);
        body.putObject("env").put("CONFORMANCE_GREETING", "hi");
        return body;
    }
}
