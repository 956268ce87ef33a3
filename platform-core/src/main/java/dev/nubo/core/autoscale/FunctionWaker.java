package dev.nubo.core.autoscale;

/**
 * How a caller holding a call for a function with no replica asks the backend for one at once, without waiting for
 * the autoscaler's next look. On Kubernetes: the {@link #WAKE_ANNOTATION} on the Function resource, which the
 * operator's informer sees immediately.
 */
public interface FunctionWaker {

    /** On a Function custom resource: when a call last asked it to wake (ISO-8601 instant). */
    String WAKE_ANNOTATION = "nubo.dev/wake-requested";

    void wake(String namespace, String function);
}
