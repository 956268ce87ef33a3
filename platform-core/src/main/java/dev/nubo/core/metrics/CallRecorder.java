package dev.nubo.core.metrics;

/**
 * Where a dispatcher reports each finished call of a function (the gateway, the API's invoke). Called on hot paths
 * (the gateway's event loops): implementations must not block and cost next to nothing.
 */
@FunctionalInterface
public interface CallRecorder {

    /** Records nothing: a dispatcher built without metrics. */
    CallRecorder NONE = (namespace, function, status, durationNanos, coldStartNanos) -> {
    };

    /**
     * One call of an existing function.
     *
     * @param status         the HTTP status the caller got: the function's own, or the platform's (502 replica
     *                       failed, 503 no replica became ready, 504 timed out)
     * @param durationNanos  from dispatch to the answer's status line (or the failure), the wait for a waking
     *                       replica included: what the caller waited
     * @param coldStartNanos how long the call was held while its function woke (a cold start), or {@code -1} for a
     *                       call that found a ready replica
     */
    void record(String namespace, String function, int status, long durationNanos, long coldStartNanos);

    /** Whether a status counts as an error in the metrics: 5xx, the platform's own failures included. */
    static boolean isError(int status) {
        return status >= 500;
    }
}
