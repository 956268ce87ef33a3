package dev.nubo.core.autoscale;

import java.time.Instant;

/**
 * The calls to each function as whoever dispatches them measures them (the gateway, summed over its replicas): what
 * a backend's autoscaler scales by. On Kubernetes the operator reads it; the gateway provides it.
 */
public interface FunctionConcurrency {

    /**
     * @param inFlight calls being answered now
     * @param waiting  calls held for a replica (the gateway's wake queue): a function at zero with any must wake
     * @param lastCall when the last call began or ended; null when none was seen
     */
    record Sample(int inFlight, int waiting, Instant lastCall) {

        public static final Sample NONE = new Sample(0, 0, null);
    }

    /** {@link Sample#NONE} for a function without calls. */
    Sample sample(String namespace, String function);
}
