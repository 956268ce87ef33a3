package dev.nubo.core.endpoint;

import java.time.Duration;

/**
 * How the replica that made a function ready came up, and how long that took: what a call held while its function
 * woke reports as the phase after its {@code queue} (the gateway's {@code Server-Timing}). The backend fills it in;
 * dispatchers only read it.
 *
 * @param kind how it came up
 * @param took from taking a pool server (or spawning the process) to the replica serving
 */
public record ReplicaStart(Kind kind, Duration took) {

    public enum Kind {
        /** A warm pool server was given the function ({@code POST /_nubo/specialize}). */
        SPECIALIZED("specialize"),
        /** A process was started and probed until it answered {@code /healthz}. */
        STARTED("start");

        private final String phase;

        Kind(String phase) {
            this.phase = phase;
        }

        /** The phase's name in a {@code Server-Timing} header. */
        public String phase() {
            return phase;
        }
    }
}
