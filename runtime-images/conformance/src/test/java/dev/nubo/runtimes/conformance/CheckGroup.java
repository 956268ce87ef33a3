package dev.nubo.runtimes.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

/** Checks that share a runtime under test, with the assertions they all use on answers. */
abstract class CheckGroup {

    protected final RuntimeUnderTest runtime;

    CheckGroup(RuntimeUnderTest runtime) {
        this.runtime = runtime;
    }

    abstract List<Check> checks();

    protected FunctionClient client() {
        return runtime.client();
    }

    /**
     * Notes in the report how the runtime behaves where the contract leaves a choice; never fails the check
     * it is part of.
     */
    protected void observe(String what, Supplier<String> behaviour) {
        String seen;
        try {
            seen = behaviour.get();
        } catch (RuntimeException | AssertionError e) {
            seen = "could not tell (" + e.getMessage() + ")";
        }
        runtime.report().note(runtime.id(), what + ": " + seen);
    }

    /**
     * {@code name{method}} in /metrics is {@code expected} now, without waiting: the contract has a call counted
     * before its answer is written, so a read after the answer sees it.
     */
    static void assertMetric(FunctionClient client, String name, String method, double expected) {
        assertThat(client.metrics().value(name, method)).as("%s{method=\"%s\"} read right after the answer", name,
                method).isEqualTo(expected);
    }

    /** A request answered before the handler runs (400, 413, 503) left function_calls_total as it was. */
    static void assertNotCounted(FunctionClient client, Metrics before, Reply refused) {
        Metrics after = client.metrics();
        assertThat(after.named(ObservabilityChecks.CALLS)).as("%s after %s (before: %s)", ObservabilityChecks.CALLS,
                refused, before.named(ObservabilityChecks.CALLS)).isEqualTo(before.named(ObservabilityChecks.CALLS));
        assertThat(after.total(ObservabilityChecks.DURATION + "_count")).as("%s_count after %s",
                ObservabilityChecks.DURATION, refused).isEqualTo(before.total(ObservabilityChecks.DURATION + "_count"));
    }

    static Reply assertStatus(Reply reply, int status) {
        assertThat(reply.status()).as("status of %s", reply).isEqualTo(status);
        return reply;
    }

    /** 200 and exactly {@code text}, whatever the Content-Type (checks about something else than types). */
    static void assertBody(Reply reply, String text) {
        assertStatus(reply, 200);
        assertThat(reply.text()).as("body of %s", reply).isEqualTo(text);
    }

    /** 200, {@code text/plain; charset=utf-8}, exactly {@code text}. */
    static void assertTextAnswer(Reply reply, String text) {
        assertStatus(reply, 200);
        assertThat(reply.contentType()).as("Content-Type of %s", reply).isEqualTo("text/plain;charset=utf-8");
        assertThat(reply.text()).as("body of %s", reply).isEqualTo(text);
    }

    /** 200, {@code application/json} (any parameters), a body equal to {@code json} as JSON. */
    static void assertJsonAnswer(Reply reply, String json) {
        assertStatus(reply, 200);
        assertThat(reply.mediaType()).as("media type of %s", reply).isEqualTo("application/json");
        JsonNode expected = Reply.JSON.readTree(json);
        assertThat(reply.json()).as("body of %s", reply).isEqualTo(expected);
    }

    /** {@code status}, {@code text/plain}, exactly {@code text}: the contract's error answers. */
    static void assertErrorAnswer(Reply reply, int status, String text) {
        assertStatus(reply, status);
        assertThat(reply.mediaType()).as("media type of %s", reply).isEqualTo("text/plain");
        assertThat(reply.text()).as("body of %s", reply).isEqualTo(text);
    }
}
