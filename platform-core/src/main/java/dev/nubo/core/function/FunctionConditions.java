package dev.nubo.core.function;

/**
 * Condition types and reasons of a Function. Reasons are coarse on purpose, so a busy function's status does
 * not flap.
 */
public final class FunctionConditions {

    /** True: the current generation's code is unpacked, dependencies installed and compiled. */
    public static final String BUILD_SUCCEEDED = "BuildSucceeded";
    /** True: at least one replica of the current generation answers /healthz and takes calls. */
    public static final String READY = "Ready";
    /** True: the function's processes are confined (bubblewrap, limits); False says why not. */
    public static final String SANDBOXED = "Sandboxed";

    public static final String REASON_BUILDING = "Building";
    public static final String REASON_BUILT = "Built";
    public static final String REASON_SOURCE_INVALID = "SourceInvalid";
    public static final String REASON_SOURCE_FETCH_FAILED = "SourceFetchFailed";
    public static final String REASON_INSTALL_FAILED = "DependencyInstallFailed";
    public static final String REASON_COMPILE_FAILED = "CompileFailed";
    public static final String REASON_RUNTIME_UNAVAILABLE = "RuntimeUnavailable";
    public static final String REASON_SPEC_INVALID = "SpecInvalid";
    public static final String REASON_STARTING = "ReplicasStarting";
    public static final String REASON_REPLICAS_READY = "ReplicasReady";
    /** Ready, with no replica: idle past idleSeconds (minReplicas 0); the next call starts one. */
    public static final String REASON_SCALED_TO_ZERO = "ScaledToZero";
    public static final String REASON_CRASHED = "ReplicaCrashed";
    public static final String REASON_START_FAILED = "ReplicaStartFailed";
    /**
     * The replica used more memory than its limit and was killed: by the kernel, or by the platform when it stopped
     * answering its health probe while at its limit.
     */
    public static final String REASON_OOM_KILLED = "OOMKilled";
    /**
     * The replica failed its health probe several times in a row (no answer in time, or not healthy) while it was
     * below its memory limit: the platform killed it and starts another.
     */
    public static final String REASON_UNHEALTHY = "ReplicaUnhealthy";
    /** The replica tried to run more processes or threads than its limit: it was replaced. */
    public static final String REASON_PIDS_LIMIT = "PidsLimit";
    /** A secret (or a key of it) the function names does not exist: its replicas cannot start. */
    public static final String REASON_SECRET_NOT_FOUND = "SecretNotFound";
    public static final String REASON_CONFINED = "Confined";
    public static final String REASON_UNCONFINED = "Unconfined";
    /** Waiting for a build or start slot: the platform builds and starts a bounded number at once. */
    public static final String REASON_WAITING_FOR_CAPACITY = "WaitingForCapacity";
    /** The platform-wide replica cap (or the machine's free memory) keeps a replica from starting. */
    public static final String REASON_REPLICA_LIMIT = "ReplicaLimitReached";

    private FunctionConditions() {
    }
}
