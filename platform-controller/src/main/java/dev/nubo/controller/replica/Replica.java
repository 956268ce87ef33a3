package dev.nubo.controller.replica;

import java.time.Instant;
import dev.nubo.controller.sandbox.Confinement;
import dev.nubo.core.endpoint.Endpoint;

/** One running runtime server of one generation of a function. */
public final class Replica {

    public enum State {
        /** Spawned; /healthz not yet answered. */
        STARTING,
        /** Answers /healthz with our instance id: takes calls. */
        READY,
        /** Failed its probes: out of the route, being replaced. */
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
