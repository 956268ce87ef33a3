package dev.nubo.core.function;

/** One-word summary of a function's state. */
public enum FunctionPhase {
    /** Stored, not yet picked up by the controller. */
    Pending,
    /** Unpacking source, installing dependencies or compiling. */
    Building,
    /** Built; replicas are starting. */
    Deploying,
    /** At least one replica of the current generation answers. */
    Ready,
    /** Built, and idle long enough that no replica runs (minReplicas 0): the next call starts one. */
    ScaledToZero,
    /** Built and was running, but no replica answers now (crashed, restarting). */
    Degraded,
    /** Cannot run until the user changes something: the build failed, or the spec cannot be satisfied. */
    Failed
}
