package dev.nubo.runtimes.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * A handler that never returns, on a server of its own: a runaway the language cannot stop may leave the
 * server unhealthy, which the contract allows if /healthz says so.
 */
final class TimeoutChecks extends CheckGroup {

    private static final Duration ALLOWED = Duration.ofSeconds(RuntimeUnderTest.TIMEOUT_SECONDS + 1);

    private final Once<ServerProcess> server;

    TimeoutChecks(RuntimeUnderTest runtime) {
        super(runtime);
        this.server = new Once<>("starting a server for the timeout checks", () -> runtime.startSpecialized("timeout"));
    }

    @Override
    List<Check> checks() {
        return List.of(
                new Check("/metrics lists no method before the first call", this::noMethodBeforeFirstCall),
                new Check("answers a call running past FUNC_TIMEOUT with 408 'Timeout exceeded' within timeout + 1 s",
                        this::timeout),
                new Check("after a timeout, serves the next call or answers /healthz 503", this::afterTimeout),
                new Check("counts the timed-out call in function_failures_total", this::countsTimeout));
    }

    @Override
    protected FunctionClient client() {
        return server.get().client();
    }

    private void noMethodBeforeFirstCall() {
        Metrics metrics = client().metrics();
        assertThat(metrics.named(ObservabilityChecks.CALLS)).as("%s samples before any call", ObservabilityChecks.CALLS)
                .isEmpty();
    }

    private void timeout() {
        long started = System.nanoTime();
        Reply reply = client().send(client().request("GET", "/hang", BodyPublishers.noBody(), Duration.ofSeconds(10))
                .build());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        runtime.report().note(runtime.id(), "/hang answered " + reply.status() + " after " + took.toMillis() + " ms");
        assertErrorAnswer(reply, 408, "Timeout exceeded");
        assertThat(took).as("time until the 408").isLessThanOrEqualTo(ALLOWED);
    }

    private void afterTimeout() {
        ServerProcess process = server.get();
        Reply hello = callOrNull(() -> process.client().send(process.client()
                .request("GET", "/hello", BodyPublishers.noBody(), Duration.ofSeconds(5)).build()));
        Reply health = callOrNull(() -> process.client().get("/healthz"));
        runtime.report().note(runtime.id(), "after /hang: /hello → " + statusOf(hello) + ", /healthz → "
                + statusOf(health) + (health == null ? "" : " '" + health.text() + "'"));
        boolean serves = hello != null && hello.status() == 200 && hello.text().equals("hello world");
        boolean saysUnhealthy = health != null && health.status() == 503;
        assertThat(serves || saysUnhealthy)
                .as("/hello answers 200 'hello world' (got %s) or /healthz answers 503 (got %s)", hello, health)
                .isTrue();
        if (saysUnhealthy) {
            assertThat(health.text()).as("body of %s", health).startsWith("unhealthy: ");
            assertThat(health.header("Nubo-Instance")).as("Nubo-Instance of %s", health).contains(process.instanceId());
        }
    }

    private void countsTimeout() {
        try {
            assertMetric(client(), ObservabilityChecks.FAILURES, "GET", 1);
        } finally {
            // the runaway handler may still burn a core
            server.ifDone(ServerProcess::close);
        }
    }

    private static Reply callOrNull(Supplier<Reply> call) {
        try {
            return call.get();
        } catch (AssertionError e) {
            return null;
        }
    }

    private static String statusOf(Reply reply) {
        return reply == null ? "no answer" : Integer.toString(reply.status());
    }
}
