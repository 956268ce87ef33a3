package dev.nubo.runtimes.conformance;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.List;
import java.util.Map;

/**
 * NUBO_MAX_BODY_BYTES, on a server of its own with a small limit: a body up to it reaches the function, a larger
 * one is answered 413 before the handler runs, so it is not a call.
 */
final class BodyLimitChecks extends CheckGroup {

    static final int MAX_BODY_BYTES = 1000;

    private final Once<ServerProcess> server;

    BodyLimitChecks(RuntimeUnderTest runtime) {
        super(runtime);
        this.server = new Once<>("starting a server with NUBO_MAX_BODY_BYTES=" + MAX_BODY_BYTES,
                () -> runtime.startSpecialized("body-limit",
                        Map.of("NUBO_MAX_BODY_BYTES", Integer.toString(MAX_BODY_BYTES))));
    }

    @Override
    List<Check> checks() {
        return List.of(
                new Check("accepts a body of exactly NUBO_MAX_BODY_BYTES (" + MAX_BODY_BYTES + ")", this::atLimit),
                new Check("answers a body over NUBO_MAX_BODY_BYTES with 413, not counted as a call; serves on after",
                        this::overLimit));
    }

    @Override
    protected FunctionClient client() {
        return server.get().client();
    }

    private void atLimit() {
        assertBody(client().post("/size", "text/plain", "a".repeat(MAX_BODY_BYTES)), Integer.toString(MAX_BODY_BYTES));
    }

    private void overLimit() {
        try {
            Metrics before = client().metrics();
            Reply reply = client().post("/size", "text/plain", "a".repeat(MAX_BODY_BYTES + 1));
            assertStatus(reply, 413);
            assertNotCounted(client(), before, reply);
            assertBody(client().send("GET", "/hello", BodyPublishers.noBody()), "hello world");
        } finally {
            server.ifDone(ServerProcess::close);
        }
    }
}
