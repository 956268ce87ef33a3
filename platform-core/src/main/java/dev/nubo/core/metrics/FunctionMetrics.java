package dev.nubo.core.metrics;

/**
 * A function's recent calls as the console charts them: the last hour in one-minute steps. Standalone: the calls
 * this platform dispatched ({@link InMemoryFunctionMetrics}).
 */
public interface FunctionMetrics {

    /** The last 60 minutes, oldest first, the current (partial) minute last; minutes without data are empty. */
    FunctionHistory history(String namespace, String function);

    /** Calls and errors over the same hour. */
    default CallTotals lastHour(String namespace, String function) {
        return history(namespace, function).totals();
    }

    /** Calls and errors added up over a period. */
    record CallTotals(long calls, long errors) {

        public static final CallTotals NONE = new CallTotals(0, 0);
    }
}
