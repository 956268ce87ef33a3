package dev.nubo.runtimes.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

/** Checks that share a runtime under test, with the assertions they all use on answers. */
abstract class CheckGroup {

    /** A runtime may record a call's metrics just after sending its answer (to time the whole call). */
    static final Duration METRICS_SETTLE = Duration.ofSeconds(3);

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

    /** Waits (at most {@link #METRICS_SETTLE}) until {@code name{method}} in /metrics is {@code expected}. */
    static void awaitMetric(FunctionClient client, String name, String method, double expected) {
        awaitMetric(client, name, method, expected, METRICS_SETTLE);
    }

    static void awaitMetric(FunctionClient client, String name, String method, double expected, Duration atMost) {
        await(name + " of " + method).atMost(atMost).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(client.metrics().value(name, method))
                        .as("%s{method=\"%s\"}", name, method).isEqualTo(expected));
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
