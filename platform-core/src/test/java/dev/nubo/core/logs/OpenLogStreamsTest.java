package dev.nubo.core.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A stopping platform ends the streams still open, and only those; a stream that ends runs its own end once. */
class OpenLogStreamsTest {

    @Test
    void stoppingEndsTheStreamsStillOpenOnly() {
        OpenLogStreams streams = new OpenLogStreams();
        streams.start();
        List<String> events = new ArrayList<>();
        Runnable firstEnd = streams.add(() -> events.add("complete first"), () -> events.add("first ended"));
        streams.add(() -> events.add("complete second"), () -> events.add("second ended"));

        firstEnd.run();
        streams.stop();

        assertThat(events).containsExactly("first ended", "complete second");
        assertThat(streams.isRunning()).isFalse();
        streams.stop();
        assertThat(events).as("a second stop ends nothing again").hasSize(2);
    }
}
