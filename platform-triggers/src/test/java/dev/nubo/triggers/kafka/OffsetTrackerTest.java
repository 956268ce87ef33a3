package dev.nubo.triggers.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    @Test
    void commitsOnlyBelowTheLowestRecordStillInFlight() {
        OffsetTracker tracker = new OffsetTracker(100);
        assertThat(tracker.committable()).as("nothing received: the start position").isEqualTo(100);
        tracker.received(100);
        tracker.received(101);
        tracker.received(102);
        tracker.done(101);
        tracker.done(102);
        assertThat(tracker.committable()).as("100 still runs: 101 and 102 are redelivered after a crash")
                .isEqualTo(100);
        tracker.done(100);
        assertThat(tracker.committable()).isEqualTo(103);
    }

    @Test
    void anAcknowledgementOfARecordNotInFlightChangesNothing() {
        OffsetTracker tracker = new OffsetTracker(5);
        tracker.received(5);
        tracker.done(3);
        assertThat(tracker.committable()).isEqualTo(5);
        assertThat(tracker.inFlight()).isEqualTo(1);
    }
}
