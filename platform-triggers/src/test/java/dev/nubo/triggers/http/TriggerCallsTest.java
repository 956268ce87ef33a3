package dev.nubo.triggers.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TriggerCallsTest {

    @Test
    void aDrainTellsWhatHappenedSinceTheLastOne() {
        TriggerCalls calls = new TriggerCalls("fn");
        assertThat(calls.drain().isEmpty()).isTrue();

        calls.answered(200, 1_500_000);
        calls.answered(503, 40_000_000);
        TriggerCalls.Delta first = calls.drain();

        assertThat(first.calls()).isEqualTo(2);
        assertThat(first.failures()).isEqualTo(1);
        assertThat(first.lastFire().status()).isEqualTo(503);
        assertThat(first.lastFire().result()).isEqualTo("503 in 40 ms");
        assertThat(first.lastError().function()).isEqualTo("fn");
        assertThat(calls.drain().isEmpty()).as("nothing new").isTrue();

        calls.failed(504, "timed out");
        TriggerCalls.Delta second = calls.drain();
        assertThat(second.lastError().result()).isEqualTo("timed out");
        assertThat(second.lastFire().result()).isEqualTo("gateway answered 504");
    }

    @Test
    void aDeltaThatCouldNotBeWrittenComesBackWithTheNext() {
        TriggerCalls calls = new TriggerCalls("fn");
        calls.answered(500, 1_000_000);
        TriggerCalls.Delta lost = calls.drain();

        calls.restore(lost);
        calls.answered(200, 1_000_000);
        TriggerCalls.Delta next = calls.drain();

        assertThat(next.calls()).isEqualTo(2);
        assertThat(next.failures()).isEqualTo(1);
        assertThat(next.lastError().status()).isEqualTo(500);
        assertThat(next.lastFire().status()).isEqualTo(200);
    }
}
