package dev.nubo.controller.replica;

import java.time.Instant;
import dev.nubo.controller.sandbox.Confinement;
import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.endpoint.ReplicaStart;

/** One running runtime server of one generation of a function. */
public final class Replica {

    public enum State {
        /** Spawned; /healthz not yet answered. */
        STARTING,
        /** Answers /healthz with our instance id: takes calls. */
        READY,
        /** Failed its start or its probes: out of the route, being stopped and replaced. */
        UNHEALTHY,
        /** Being stopped on purpose (update, delete, shutdown). */
        STOPPING,
        /** The process ended. */
        EXITED
    }

    private final String instanceId;
    private final long generation;
    private final Endpoint endpoint;
    private final Process process;
    private final Instant startedAt;
    private final Confinement confinement;
    private final String secretsStamp;
    private volatile State state = State.STARTING;
    private volatile int failedProbes;
    /** System.nanoTime() at construction: what a start's duration is measured from. */
    private final long createdNanos = System.nanoTime();
    private volatile ReplicaStart howStarted;
    private volatile long readyNanos;

    public Replica(String instanceId, long generation, String secretsStamp, Endpoint endpoint, Process process,
            Instant startedAt, Confinement confinement) {
        this.confinement = confinement;
        this.secretsStamp = secretsStamp;
        this.instanceId = instanceId;
        this.generation = generation;
        this.endpoint = endpoint;
        this.process = process;
        this.startedAt = startedAt;
    }

    public String instanceId() {
        return instanceId;
    }

    public long generation() {
        return generation;
    }

    /** The versions of the function's secrets this replica started with. */
    public String secretsStamp() {
        return secretsStamp;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    /** What confines the replica's process, and whether it hit a limit. */
    public Confinement confinement() {
        return confinement;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public State state() {
        return state;
    }

    public synchronized void state(State next) {
        this.state = next;
    }

    /**
     * Being stopped: STOPPING — unless the platform gave up on it (UNHEALTHY stays, so its exit is known as the end
     * of a replica that failed, not of one stopped on purpose) or it is gone already.
     */
    public synchronized void stopping() {
        if (state != State.UNHEALTHY && state != State.EXITED) {
            state = State.STOPPING;
        }
    }

    /** Sets {@code next} and returns the state before, at once (so one of two racing observers sees the change). */
    public synchronized State exchange(State next) {
        State was = state;
        state = next;
        return was;
    }

    /** Moves from {@code expected} to {@code next} only if the replica is still in {@code expected}. */
    public synchronized boolean transition(State expected, State next) {
        if (state != expected) {
            return false;
        }
        state = next;
        return true;
    }

    /** Live and wanted: starting or serving. */
    public boolean active() {
        return state == State.STARTING || state == State.READY;
    }

    /**
     * The replica serves: it came up {@code kind}, in the time since it was made. False, and nothing changes, when it
     * is not starting any more (a scale-down retired it meanwhile).
     */
    public synchronized boolean ready(ReplicaStart.Kind kind) {
        if (state != State.STARTING) {
            return false; // retired (or given up) while it started: its stop is under way, it must not serve
        }
        long now = System.nanoTime();
        howStarted = new ReplicaStart(kind, java.time.Duration.ofNanos(now - createdNanos));
        readyNanos = now;
        state = State.READY;
        return true;
    }

    /** How it came up, once ready (null before, or for a replica set ready without saying how). */
    public ReplicaStart howStarted() {
        return howStarted;
    }

    /** System.nanoTime() when it became ready (0 before). */
    public long readyNanos() {
        return readyNanos;
    }

    public int failedProbes() {
        return failedProbes;
    }

    public void probeFailed() {
        failedProbes++;
    }

    public void probeSucceeded() {
        failedProbes = 0;
    }

    @Override
    public String toString() {
        return "replica " + instanceId.substring(0, 8) + " (gen " + generation + ", pid " + pid() + ", " + endpoint + ", "
                + state + ")";
    }
}
