package dev.nubo.controller.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.nubo.controller.build.BuildException;
import dev.nubo.controller.build.BuiltFunction;
import dev.nubo.controller.replica.Replica;
import dev.nubo.core.autoscale.LoadHistory;
import dev.nubo.core.endpoint.FunctionLoad;
import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionStatus;

/** What the supervisor knows of one function between reconciles. Touched only by that function's reconcile. */
final class FunctionState {

    /** One build of one generation. */
    static final class Build {
        final long generation;
        /** 1 for the first build of a generation, then one more for each retry of a transient failure. */
        final int attempt;
        final CompletableFuture<BuiltFunction> future = new CompletableFuture<>();
        volatile String step = "queued";
        /** False while the build waits for a build slot. */
        volatile boolean started;
        volatile Thread worker;
        /** When a failed build may be tried again; null when only a changed spec can help. */
        volatile Instant retryAt;

        Build(long generation, int attempt) {
            this.generation = generation;
            this.attempt = attempt;
        }

        boolean running() {
            return !future.isDone();
        }

        BuildException failure() {
            return future.isCompletedExceptionally()
                    ? (BuildException) future.exceptionNow() : null;
        }

        BuiltFunction result() {
            return future.isDone() && !future.isCompletedExceptionally() ? future.resultNow() : null;
        }

        void cancel() {
            Thread t = worker;
            if (t != null) {
                t.interrupt();
            }
        }
    }

    final List<Replica> replicas = new CopyOnWriteArrayList<>();
    /** Calls in flight, counted by the dispatchers through every route published for this function. */
    final FunctionLoad load = new FunctionLoad();
    final LoadHistory history;
    /** The latest stored function a reconcile saw (the autoscaler reads its scaling spec). */
    volatile Function function;
    /** Replicas wanted now (the autoscaler's decision within min..max); -1 until the first reconcile decides. */
    volatile int desired = -1;
    /** nanoTime until which the autoscaler stays in panic mode. */
    long panicUntil;
    volatile FunctionStatus.ScalingDecision lastScaling;
    /** The function these replicas belong to: a deleted and re-created function has a new uid. */
    String uid;
    Build build;
    /** Consecutive replica failures (crash, failed start) since one was last ready; drives the backoff. */
    volatile int failures;
    volatile Instant backoffUntil = Instant.MIN;
    /** Why a wanted replica is not starting (no start slot, the replica cap), or null. */
    volatile Admission.Refusal waiting;
    /** Why the last replica failed, for the Ready condition: a condition reason and a message. */
    volatile String lastFailureReason;
    volatile String lastFailure;
    /** The last failure and the count so far, kept after a replica is ready again (status.lastReplicaFailure). */
    volatile FunctionStatus.ReplicaFailure lastReplicaFailure;
    FunctionStatus writtenStatus;
    /** nanoTime when a warm pool server began loading this function; 0 when none is loading. */
    volatile long specializingSince;

    FunctionState(int historySamples) {
        this.history = new LoadHistory(historySamples);
    }

    /** A replica failed: one more in the count, and the reason until one is ready again. */
    void failed(String reason, String message, Instant time) {
        lastFailureReason = reason;
        lastFailure = message;
        FunctionStatus.ReplicaFailure before = lastReplicaFailure;
        lastReplicaFailure = new FunctionStatus.ReplicaFailure(time, reason, message,
                before == null ? 1 : before.total() + 1);
    }

    /** The failure just counted had a truer reason (the kernel's kill on the replica's way out): not one more. */
    void failureWas(String reason, String message) {
        lastFailureReason = reason;
        lastFailure = message;
        FunctionStatus.ReplicaFailure counted = lastReplicaFailure;
        if (counted != null) {
            lastReplicaFailure = new FunctionStatus.ReplicaFailure(counted.time(), reason, message, counted.total());
        }
    }

    /** A replica became ready: failures in a row start again from zero. */
    void recovered() {
        failures = 0;
        lastFailureReason = null;
        lastFailure = null;
    }

    /** Which versions of the function's secrets its replicas should run with (set by each reconcile). */
    volatile String secretsStamp = "";

    /** Of the current generation and started with the current secrets: not to be replaced. */
    boolean current(Replica replica, long generation) {
        return replica.generation() == generation && secretsStamp.equals(replica.secretsStamp());
    }

    List<Replica> active(long generation) {
        return replicas.stream().filter(r -> current(r, generation) && r.active()).toList();
    }

    List<Replica> ready(long generation) {
        return replicas.stream().filter(r -> readyIn(r, generation)).toList();
    }

    /**
     * {@code ready(generation).size()} without building a list: the autoscaler asks it of every function ten times a
     * second.
     */
    int readyCount(long generation) {
        int count = 0;
        for (Replica replica : replicas) {
            if (readyIn(replica, generation)) {
                count++;
            }
        }
        return count;
    }

    private boolean readyIn(Replica replica, long generation) {
        return current(replica, generation) && replica.state() == Replica.State.READY;
    }

    List<Replica> readyOtherThan(long generation) {
        return replicas.stream().filter(r -> !current(r, generation) && r.state() == Replica.State.READY).toList();
    }
}
