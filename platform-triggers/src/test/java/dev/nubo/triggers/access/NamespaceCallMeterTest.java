package dev.nubo.triggers.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class NamespaceCallMeterTest {

    @Test
    void averagesTheLastTenWholeSecondsPerNamespace() {
        AtomicLong second = new AtomicLong(1_000);
        NamespaceCallMeter meter = new NamespaceCallMeter(second::get);
        for (int s = 0; s < 10; s++) {
            for (int i = 0; i < 5; i++) {
                meter.count("shop");
            }
            second.incrementAndGet();
        }
        meter.count("shop"); // the current second is not counted yet
        assertThat(meter.callsPerSecond("shop")).isEqualTo(5.0);
        assertThat(meter.callsPerSecond("other")).isZero();

        second.addAndGet(5);
        assertThat(meter.callsPerSecond("shop")).as("older seconds leave the window").isEqualTo((5 * 5 + 1) / 10.0);
        second.addAndGet(20);
        assertThat(meter.callsPerSecond("shop")).isZero();
        meter.count("shop");
        assertThat(meter.callsPerSecond("shop")).as("a slot reused later starts from zero").isZero();
        second.incrementAndGet();
        assertThat(meter.callsPerSecond("shop")).isEqualTo(0.1);
    }
}
