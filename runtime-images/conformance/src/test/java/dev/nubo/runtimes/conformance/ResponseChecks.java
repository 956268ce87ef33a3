package dev.nubo.runtimes.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

/** How the handler's return value (or exception) becomes the HTTP answer. */
final class ResponseChecks extends CheckGroup {

    ResponseChecks(RuntimeUnderTest runtime) {
        super(runtime);
    }

    @Override
    List<Check> checks() {
        return List.of(
                new Check("answers a returned object as application/json", this::object),
                new Check("answers returned bytes as application/octet-stream", this::bytes),
                new Check("answers a function that returns nothing with an empty 200", this::nothing),
                new Check("answers an exception with 500 'Error: boom' (trace on stderr) and the next call works",
                        this::exception),
                new Check("answers invalid JSON sent as application/json with 400 'Error: invalid JSON body', "
                        + "not counted as a call", this::invalidJson));
    }

    private void object() {
        assertJsonAnswer(client().get("/json"), "{\"a\": 1, \"b\": [true, null, \"x\"]}");
    }

    private void bytes() {
        Reply reply = assertStatus(client().get("/bytes"), 200);
        assertThat(reply.mediaType()).as("media type of %s", reply).isEqualTo("application/octet-stream");
        assertThat(reply.body()).as("body of %s", reply).containsExactly(0, 1, 2);
    }

    private void nothing() {
        Reply reply = assertStatus(client().get("/none"), 200);
        assertThat(reply.body()).as("body of %s", reply).isEmpty();
    }

    private void exception() {
        assertErrorAnswer(client().get("/fail"), 500, "Error: boom");
        assertBody(client().get("/hello"), "hello world");
        ServerProcess server = runtime.server();
        await("'boom' on stderr").atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(server.stderr()).as("stderr of the server").contains("boom"));
    }

    private void invalidJson() {
        Metrics before = client().metrics();
        Reply reply = client().post("/echo", "application/json", "{\"a\": ");
        assertErrorAnswer(reply, 400, "Error: invalid JSON body");
        assertNotCounted(client(), before, reply);
    }
}
