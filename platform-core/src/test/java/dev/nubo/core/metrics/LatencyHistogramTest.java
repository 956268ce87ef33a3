package dev.nubo.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class LatencyHistogramTest {

    @Property
    void aBucketsMiddleIsWithinSixPercentOfTheLatencyCountedInIt(
            @ForAll @LongRange(min = 16_000, max = 2_000_000_000_000L) long nanos) {
        double millis = nanos / 1e6;
        double middle = LatencyHistogram.middleMillis(LatencyHistogram.bucketOf(nanos));
        assertThat(middle).isCloseTo(millis, within(millis * 0.0625 + 0.001));
    }

    @Property
    void longerCallsNeverLandInAnEarlierBucket(@ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long a,
            @ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long b) {
        long shorter = Math.min(a, b);
        long longer = Math.max(a, b);
        assertThat(LatencyHistogram.bucketOf(shorter)).isLessThanOrEqualTo(LatencyHistogram.bucketOf(longer));
        assertThat(LatencyHistogram.bucketOf(longer)).isBetween(0, LatencyHistogram.BUCKETS - 1);
    }

    @Test
    void percentilesOfAHundredCallsFrom1To100Milliseconds() {
        AtomicIntegerArray counts = LatencyHistogram.newCounts();
        for (int millis = 1; millis <= 100; millis++) {
            counts.incrementAndGet(LatencyHistogram.bucketOf(millis * 1_000_000L));
        }
        assertThat(LatencyHistogram.percentileMillis(counts, 0.50)).isCloseTo(50.0, within(50 * 0.0625));
        assertThat(LatencyHistogram.percentileMillis(counts, 0.99)).isCloseTo(99.0, within(99 * 0.0625));
        assertThat(LatencyHistogram.percentileMillis(counts, 1.0)).isCloseTo(100.0, within(100 * 0.0625));
    }

    @Test
    void oneSlowCallInAHundredShowsInTheP99NotTheMedian() {
        AtomicIntegerArray counts = LatencyHistogram.newCounts();
        for (int i = 0; i < 99; i++) {
            counts.incrementAndGet(LatencyHistogram.bucketOf(2_000_000));
        }
        counts.incrementAndGet(LatencyHistogram.bucketOf(3_000_000_000L));
        assertThat(LatencyHistogram.percentileMillis(counts, 0.50)).isCloseTo(2.0, within(0.13));
        assertThat(LatencyHistogram.percentileMillis(counts, 0.99)).isCloseTo(2.0, within(0.13));
        assertThat(LatencyHistogram.percentileMillis(counts, 0.999)).isCloseTo(3000.0, within(190.0));
    }

    @Test
    void noCallsHaveNoPercentile() {
        assertThat(LatencyHistogram.percentileMillis(LatencyHistogram.newCounts(), 0.5)).isNull();
    }
}
