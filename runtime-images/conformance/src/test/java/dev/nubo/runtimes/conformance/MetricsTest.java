package dev.nubo.runtimes.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The suite's own Prometheus parser: a wrong parse would pass or fail runtimes for the wrong reason. */
class MetricsTest {

    @Test
    void readsHelpTypeLabelsAndSpecialValues() {
        Metrics metrics = parse("""
                # HELP function_calls_total Number of calls to the function.
                # TYPE function_calls_total counter
                function_calls_total{method="GET"} 3
                function_duration_seconds_bucket{method="GET",le="+Inf"} 3
                odd{a="x \\" y",b=""} 1.5e-3 1700000000
                """);

        assertThat(metrics.help()).containsEntry("function_calls_total", "Number of calls to the function.");
        assertThat(metrics.types()).containsEntry("function_calls_total", "counter");
        assertThat(metrics.value("function_calls_total", "GET")).isEqualTo(3.0);
        assertThat(metrics.value("function_calls_total", "POST")).isZero();
        assertThat(metrics.named("function_duration_seconds_bucket").getFirst().labels())
                .isEqualTo(Map.of("method", "GET", "le", "+Inf"));
        assertThat(Metrics.number("+Inf")).isInfinite();
        assertThat(metrics.named("odd").getFirst().labels()).containsEntry("a", "x \\\" y").containsEntry("b", "");
        assertThat(metrics.named("odd").getFirst().value()).isEqualTo(0.0015);
    }

    @Test
    void rejectsMalformedSamples() {
        assertThatThrownBy(() -> parse("function_calls_total{method=GET} 1\n")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("malformed labels");
        assertThatThrownBy(() -> parse("function_calls_total\n")).isInstanceOf(AssertionError.class);
    }

    private static Metrics parse(String text) {
        HttpHeaders headers = HttpHeaders.of(Map.of("Content-Type", List.of("text/plain; version=0.0.4")),
                (name, value) -> true);
        return Metrics.parse(new Reply("GET", "/metrics", 200, headers, text.getBytes(StandardCharsets.UTF_8)));
    }
}
