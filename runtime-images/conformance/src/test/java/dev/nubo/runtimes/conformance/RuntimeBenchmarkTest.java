package dev.nubo.runtimes.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The benchmark's arithmetic and its reading of wrk's report. */
class RuntimeBenchmarkTest {

    @Test
    void percentilesOfTwentyStarts() {
        List<Duration> starts = IntStream.rangeClosed(1, 20).mapToObj(Duration::ofMillis).toList().reversed();

        assertThat(RuntimeBenchmark.percentile(starts, 50)).isEqualTo(Duration.ofMillis(10));
        assertThat(RuntimeBenchmark.percentile(starts, 90)).isEqualTo(Duration.ofMillis(18));
    }

    @Test
    void readsThroughputLatencyAndErrorsFromWrk() {
        RuntimeBenchmark.Wrk wrk = RuntimeBenchmark.parse("""
                Running 10s test @ http://127.0.0.1:1234/hello
                  1 threads and 32 connections
                  Latency Distribution
                     50%    3.46ms
                     75%    4.67ms
                     90%    6.25ms
                     99%   10.85ms
                  82909 requests in 10.04s, 11.78MB read
                  Socket errors: connect 0, read 2, write 0, timeout 1
                  Non-2xx or 3xx responses: 7
                Requests/sec:   8260.35
                """);

        assertThat(wrk.requestsPerSecond()).isEqualTo(8260.35);
        assertThat(wrk.p50()).isEqualTo("3.46ms");
        assertThat(wrk.p99()).isEqualTo("10.85ms");
        assertThat(wrk.errors()).isEqualTo("7 non-2xx, connect 0, read 2, write 0, timeout 1");
    }
}
