package dev.nubo.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.nubo.core.metrics.FunctionHistory.Point;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class InMemoryFunctionMetricsTest {

    private static final long MS = 1_000_000;
    private static final Instant START = Instant.parse("2026-12-04T09:00:00Z");

    private final MovableClock clock = new MovableClock(START);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InMemoryFunctionMetrics metrics = new InMemoryFunctionMetrics(clock, registry, 100);

    @Test
    void anHourOfMinutesEndingWithTheCurrentOne() {
        clock.set(START.plusSeconds(30));
        metrics.record("ns", "hello", 200, 5 * MS, -1);

        List<Point> points = metrics.history("ns", "hello").points();

        assertThat(points).hasSize(60);
        assertThat(points.getLast().minute()).isEqualTo(START);
        assertThat(points.getFirst().minute()).isEqualTo(START.minus(Duration.ofMinutes(59)));
        assertThat(points.getLast().calls()).isEqualTo(1);
        assertThat(points.subList(0, 59)).allSatisfy(point -> {
            assertThat(point.calls()).isZero();
            assertThat(point.p50Millis()).isNull();
        });
    }

    @Test
    void countsCallsErrorsColdStartsAndPercentilesPerMinute() {
        for (int i = 1; i <= 100; i++) {
            metrics.record("ns", "hello", i <= 3 ? 502 : 200, i * MS, i == 100 ? 80 * MS : -1);
        }
        metrics.record("ns", "hello", 404, 1 * MS, -1); // the function's own 404 is no error of the platform's
        clock.advance(Duration.ofMinutes(1));
        metrics.record("ns", "hello", 200, 7 * MS, -1);

        List<Point> points = metrics.history("ns", "hello").points();
        Point first = points.get(58);
        assertThat(first.calls()).isEqualTo(101);
        assertThat(first.errors()).isEqualTo(3);
        assertThat(first.coldStarts()).isEqualTo(1);
        assertThat(first.p50Millis()).isCloseTo(50.0, within(50 * 0.0625));
        assertThat(first.p99Millis()).isCloseTo(99.0, within(99 * 0.0625));
        assertThat(points.get(59).calls()).isEqualTo(1);
        assertThat(points.get(59).p99Millis()).isCloseTo(7.0, within(0.5));
        assertThat(metrics.lastHour("ns", "hello")).isEqualTo(new FunctionMetrics.CallTotals(102, 3));
        assertThat(metrics.lastHour("ns", "other")).isEqualTo(FunctionMetrics.CallTotals.NONE);
    }

    @Test
    void frozenMinutesKeepWhatTheyShowed() {
        for (int i = 1; i <= 100; i++) {
            metrics.record("ns", "hello", 200, i * MS, -1);
        }
        metrics.recordReplicas("ns", "hello", 2);
        Point live = metrics.history("ns", "hello").points().getLast();
        clock.advance(Duration.ofMinutes(5));

        metrics.maintain();

        Point frozen = metrics.history("ns", "hello").points().get(54);
        assertThat(frozen.minute()).isEqualTo(START);
        assertThat(frozen.calls()).isEqualTo(live.calls());
        assertThat(frozen.p50Millis()).isCloseTo(live.p50Millis(), within(0.001));
        assertThat(frozen.p99Millis()).isCloseTo(live.p99Millis(), within(0.001));
        assertThat(frozen.replicas()).isEqualTo(2);
    }

    @Test
    void anHourLaterTheMinuteIsGone() {
        metrics.record("ns", "hello", 500, 3 * MS, -1);
        clock.advance(Duration.ofMinutes(59));
        assertThat(metrics.lastHour("ns", "hello").errors()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1));
        metrics.maintain();
        metrics.record("ns", "hello", 200, 3 * MS, -1); // reuses the slot of an hour ago

        assertThat(metrics.lastHour("ns", "hello")).isEqualTo(new FunctionMetrics.CallTotals(1, 0));
    }

    @Test
    void replicasShowTheMostSeenInAMinuteAndTheGaugeTheLast() {
        metrics.recordReplicas("ns", "hello", 1);
        metrics.recordReplicas("ns", "hello", 3);
        metrics.recordReplicas("ns", "hello", 2);

        assertThat(metrics.history("ns", "hello").points().getLast().replicas()).isEqualTo(3);
        assertThat(metrics.history("ns", "hello").points().getLast().calls()).isZero();
        assertThat(registry.get(FunctionMeters.REPLICAS).tag("function", "hello").gauge().value()).isEqualTo(2.0);
    }

    @Test
    void anIdleFunctionShowsItsReplicasOnly() {
        metrics.recordReplicas("ns", "idle", 0);

        assertThat(registry.getMeters()).extracting(meter -> meter.getId().getName())
                .containsExactly(FunctionMeters.REPLICAS);
    }

    @Test
    void theSameCallsGoToTheMeters() {
        metrics.record("ns", "hello", 200, 20 * MS, -1);
        metrics.record("ns", "hello", 200, 10 * MS, 40 * MS);
        metrics.record("ns", "hello", 503, 60_000 * MS, 60_000 * MS);

        assertThat(registry.get(FunctionMeters.CALLS).tags("namespace", "ns", "function", "hello", "status", "2xx")
                .counter().count()).isEqualTo(2);
        assertThat(registry.get(FunctionMeters.CALLS).tag("status", "5xx").counter().count()).isEqualTo(1);
        assertThat(registry.get(FunctionMeters.ERRORS).counter().count()).isEqualTo(1);
        assertThat(registry.get(FunctionMeters.DURATION).timer().count()).isEqualTo(3);
        assertThat(registry.get(FunctionMeters.COLD_STARTS).counter().count()).isEqualTo(2);
        assertThat(registry.get(FunctionMeters.COLD_START_DURATION).timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(60_040.0);
    }

    @Test
    void deletedFunctionsAreForgottenWithTheirSeries() {
        metrics.record("ns", "gone", 200, MS, -1);
        metrics.record("ns", "kept", 200, MS, -1);
        Instant listed = clock.instant().plusMillis(1);
        clock.advance(Duration.ofSeconds(2));
        metrics.record("ns", "created-after-the-listing", 200, MS, -1);

        metrics.retainOnly(Set.of(new InMemoryFunctionMetrics.Key("ns", "kept")), listed);

        assertThat(metrics.tracked()).containsExactlyInAnyOrder(new InMemoryFunctionMetrics.Key("ns", "kept"),
                new InMemoryFunctionMetrics.Key("ns", "created-after-the-listing"));
        assertThat(metrics.lastHour("ns", "gone").calls()).isZero();
        assertThat(registry.find(FunctionMeters.CALLS).tag("function", "gone").counters()).isEmpty();
        assertThat(registry.find(FunctionMeters.DURATION).tag("function", "gone").timers()).isEmpty();
        assertThat(registry.find(FunctionMeters.CALLS).tag("function", "kept").counters()).hasSize(1);
    }

    @Test
    void functionsPastTheCapAreNotTracked() {
        InMemoryFunctionMetrics small = new InMemoryFunctionMetrics(clock, null, 2);
        small.record("ns", "a", 200, MS, -1);
        small.record("ns", "b", 200, MS, -1);
        small.record("ns", "c", 200, MS, -1);
        small.record("ns", "a", 200, MS, -1);

        assertThat(small.lastHour("ns", "a").calls()).isEqualTo(2);
        assertThat(small.lastHour("ns", "c").calls()).isZero();
    }

    @Test
    void concurrentCallersLoseNoCount() throws Exception {
        int threads = 4;
        int callsEach = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < callsEach; i++) {
                    metrics.record("ns", "busy", i % 10 == 0 ? 500 : 200, (i % 100 + 1) * MS, -1);
                }
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(metrics.lastHour("ns", "busy")).isEqualTo(
                new FunctionMetrics.CallTotals(threads * callsEach, threads * callsEach / 10));
        assertThat(registry.get(FunctionMeters.DURATION).tag("function", "busy").timer().count())
                .isEqualTo(threads * callsEach);
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {

        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
