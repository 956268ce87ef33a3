package dev.nubo.controller.reconcile;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nubo.controller.ControllerProperties;
import dev.nubo.controller.build.BuiltFunction;
import dev.nubo.controller.logs.LocalFunctionLogs;
import dev.nubo.controller.replica.HealthProbe;
import dev.nubo.controller.replica.Replica;
import dev.nubo.controller.pool.Pooled;
import dev.nubo.controller.pool.WarmPool;
import dev.nubo.controller.replica.ReplicaLauncher;
import dev.nubo.controller.sandbox.Confinement;
import dev.nubo.controller.secret.ReplicaSecrets;
import dev.nubo.core.endpoint.ReplicaStart;
import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionConditions;
import dev.nubo.core.function.FunctionPhase;
import dev.nubo.core.function.Scaling;

/**
 * The replica step: keeps the wanted number of replicas of the built generation running (each start admitted),
 * switches calls to the new generation once it is ready and retires the old one after a drain, restarts crashed
 * replicas with backoff, and replaces replicas that stop answering their health probe (with backoff too).
 */
final class Rollout {

    private static final Logger log = LoggerFactory.getLogger(Rollout.class);
    /** The first health probe of a new process comes this soon after its spawn, then twice as long each time… */
    private static final Duration FIRST_STARTUP_POLL = Duration.ofMillis(2);
    /** … up to this. */
    private static final Duration MAX_STARTUP_POLL = Duration.ofMillis(20);
    private static final int EXPLAINED_LINES = 10;
    /**
     * While a pool server loads the function (~15 ms), status is not written before this passes: the end of the
     * specialization writes it, and a write beside it took CPU from the wake (a 2-core machine).
     */
    private static final Duration QUIET_WHILE_SPECIALIZING = Duration.ofMillis(250);

    private final ReplicaLauncher launcher;
    private final ReplicaSecrets secrets;
    private final WarmPool pool;
    private final HealthProbe probe;
    private final LocalFunctionLogs logs;
    private final Admission admission;
    private final Routes routes;
    private final StatusWriter statusWriter;
    private final ControllerProperties properties;
    private final Clock clock;
    private final ExecutorService background;
    private final ReconcileQueue<FunctionKey> queue;

    Rollout(ReplicaLauncher launcher, ReplicaSecrets secrets, WarmPool pool, HealthProbe probe, LocalFunctionLogs logs, Admission admission, Routes routes,
            StatusWriter statusWriter, ControllerProperties properties, Clock clock, ExecutorService background,
            ReconcileQueue<FunctionKey> queue) {
        this.launcher = launcher;
        this.secrets = secrets;
        this.pool = pool;
        this.probe = probe;
        this.logs = logs;
        this.admission = admission;
        this.routes = routes;
        this.statusWriter = statusWriter;
        this.properties = properties;
        this.clock = clock;
        this.background = background;
        this.queue = queue;
    }

    /** One step towards the wanted number of ready replicas of the built generation, and status to match. */
    void reconcile(FunctionKey key, Function function, BuiltFunction built, FunctionState state) {
        long generation = function.generation();
        state.secretsStamp = secrets.stamp(function);
        int desired = desired(function, state);
        List<Replica> active = state.active(generation);
        Instant now = clock.instant();
        state.waiting = null;
        if (active.size() < desired) {
            if (now.isBefore(state.backoffUntil)) {
                queue.requestAfter(key, Duration.between(now, state.backoffUntil));
            } else {
                for (int i = active.size(); i < desired && state.waiting == null; i++) {
                    start(key, function, built, state);
                }
            }
        } else {
            admission.forget(key);
            if (active.size() > desired) {
                // scale down: the newest go; a ready one leaves the route first and drains before it is stopped
                active.stream().sorted(Comparator.comparing(Replica::startedAt).reversed())
                        .limit(active.size() - desired).forEach(r -> retire(state, r,
                                r.state() == Replica.State.READY ? properties.drainDelay() : Duration.ZERO));
            }
        }
        List<Replica> ready = state.ready(generation);
        List<Replica> serving = new ArrayList<>(ready);
        if (ready.size() >= desired) {
            // the new generation carries the load: route to it only, stop the old one once calls in flight drain
            state.readyOtherThan(generation).forEach(r -> retire(state, r, properties.drainDelay()));
            state.replicas.stream().filter(r -> !state.current(r, generation) && r.state() == Replica.State.STARTING)
                    .forEach(r -> retire(state, r, Duration.ZERO));
        } else {
            serving.addAll(state.readyOtherThan(generation));
        }
        String reason = serving.isEmpty() ? notReadyReason(state, desired) : null;
        // a call may wait for a replica that is coming: scaled to zero, starting, waiting for capacity, or restarting
        // after a crash — but not through a crash loop (the phase says Failed then, and calls fail with the reason)
        boolean wakeable = state.failures < StatusWriter.FAILURES_BEFORE_FAILED;
        ReplicaStart lastStart = serving.stream().filter(r -> r.howStarted() != null)
                .max(Comparator.comparingLong(Replica::readyNanos)).map(Replica::howStarted).orElse(null);
        routes.publishReplicas(function, serving, reason, state.load, wakeable, lastStart);
        long specializing = state.specializingSince;
        if (ready.isEmpty() && specializing != 0
                && System.nanoTime() - specializing < QUIET_WHILE_SPECIALIZING.toNanos()) {
            queue.requestAfter(key, QUIET_WHILE_SPECIALIZING); // written then if the server is still loading
            return;
        }
        statusWriter.write(function, state, StatusWriter.Observed.running(ready.size(), desired, state.failures,
                state.lastFailureReason, state.lastFailure, state.waiting));
    }

    /**
     * The replicas wanted now: the autoscaler's latest decision within the spec's bounds. Before its first decision,
     * {@code minReplicas} — and one for a function that may scale to zero, so a deploy proves the code starts,
     * unless the function was already scaled to zero when the platform (re)started.
     */
    private static int desired(Function function, FunctionState state) {
        Scaling scaling = function.spec().scaling() == null ? new Scaling(null, null, null, null)
                : function.spec().scaling();
        if (state.desired < 0) {
            boolean wasAtZero = function.status() != null && function.status().phase() == FunctionPhase.ScaledToZero
                    && function.status().observedGeneration() != null
                    && function.status().observedGeneration() == function.generation();
            state.desired = scaling.min() > 0 ? scaling.min() : (wasAtZero ? 0 : 1);
        }
        int floor = scaling.min();
        state.desired = Math.max(floor, Math.min(Math.max(1, scaling.max()), state.desired));
        return state.desired;
    }

    /** Serves whatever ready replicas there are (of any generation) while the current one is not runnable. */
    void keepServingOldGeneration(Function function, FunctionState state, String why, boolean wakeable) {
        List<Replica> old = state.replicas.stream().filter(r -> r.state() == Replica.State.READY).toList();
        routes.publishReplicas(function, old, old.isEmpty() ? why : null, state.load, wakeable, null);
    }

    private static String notReadyReason(FunctionState state, int desired) {
        if (state.lastFailure != null) {
            return state.lastFailure;
        }
        if (state.waiting != null) {
            return state.waiting.message();
        }
        return desired == 0 ? "scaled to zero: a call starts a replica" : "replicas are starting";
    }

    // ---- replicas ----

    private void start(FunctionKey key, Function function, BuiltFunction built, FunctionState state) {
        Optional<Admission.Refusal> refused = admission.tryStart(key);
        if (refused.isPresent()) {
            state.waiting = refused.get();
            return;
        }
        Optional<Pooled> pooled = pool.serves(function, built.runtime()) ? pool.take(built.runtime())
                : Optional.empty();
        log.debug("{}: starting a replica ({})", key, pooled.isPresent() ? "from the warm pool" : "a new process");
        if (pooled.isPresent()) {
            startFromPool(key, function, built, state, pooled.get());
            return;
        }
        Replica replica;
        try {
            replica = launcher.start(function, built, state.secretsStamp);
        } catch (ReplicaSecrets.MissingSecret e) {
            admission.startEnded();
            admission.replicaGone();
            failed(key, function, state, e.reason(), e.getMessage() + " (the replica starts once it does)");
            return;
        } catch (IOException | RuntimeException e) {
            admission.startEnded();
            admission.replicaGone();
            failed(key, function, state, FunctionConditions.REASON_START_FAILED,
                    "replica could not start: " + e.getMessage());
            return;
        }
        state.replicas.add(replica);
        replica.process().onExit().thenRun(() -> onExit(key, function, state, replica));
        background.execute(() -> awaitReady(key, function, state, replica));
    }

    /**
     * A replica made of a warm pool server: it counts as starting at once, and serves as soon as the server has
     * loaded the function — no process to start, no health polling.
     */
    private void startFromPool(FunctionKey key, Function function, BuiltFunction built, FunctionState state,
            Pooled pooled) {
        ReplicaSecrets.Prepared prepared;
        try {
            prepared = secrets.prepare(function, pooled.instanceId());
        } catch (ReplicaSecrets.MissingSecret | IOException e) {
            pool.discard(pooled);
            admission.startEnded();
            admission.replicaGone();
            failed(key, function, state, e instanceof ReplicaSecrets.MissingSecret missing ? missing.reason()
                    : FunctionConditions.REASON_START_FAILED, e.getMessage());
            return;
        }
        Replica replica = new Replica(pooled.instanceId(), built.generation(), state.secretsStamp, pooled.endpoint(),
                pooled.process(), clock.instant(), pooled.confinement());
        state.replicas.add(replica);
        pooled.process().onExit().thenRun(() -> {
            prepared.release();
            onExit(key, function, state, replica);
        });
        state.specializingSince = System.nanoTime();
        background.execute(() -> {
            long started = System.nanoTime();
            try {
                Map<String, String> env = new LinkedHashMap<>(function.spec().env());
                env.putAll(prepared.env());
                try {
                    pool.specialize(pooled, function, built, env);
                } finally {
                    state.specializingSince = 0; // before the reconcile its outcome requests
                }
                if (!replica.ready(ReplicaStart.Kind.SPECIALIZED)) {
                    return; // scaled down while it specialized: its stop (a stop, not a crash) is under way
                }
                serveAtOnce(key, state, replica);
                log.debug("{}: {} specialized in {}", key, replica, replica.howStarted().took());
                state.recovered();
                logs.note(function.namespace(), function.name(), "replica on port " + replica.endpoint().port()
                        + " is ready (generation " + replica.generation() + ", a warm pool server specialized in "
                        + (System.nanoTime() - started) / 1_000_000 + " ms)");
                queue.request(key);
            } catch (IOException e) {
                // one failure per attempt: onExit counts it when the code exited by itself, or when the pool's stop
                // of the refusing server reached onExit first; only otherwise is it counted here
                if (!exitedByItself(pooled.process())
                        && replica.transition(Replica.State.STARTING, Replica.State.UNHEALTHY)) {
                    giveUp(key, function, state, replica, e.getMessage());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                admission.startEnded();
            }
        });
    }

    /**
     * Whether a pool server whose specialization failed died on its own (the function's code exited while loading),
     * rather than being stopped by the pool after a refusal (SIGKILL, 128 + 9).
     */
    private static boolean exitedByItself(Process process) {
        try {
            return process.onExit().get(2, java.util.concurrent.TimeUnit.SECONDS).exitValue() != 137;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Polls the new replica's /healthz until it answers as itself, fails, exits, or the start timeout passes. */
    private void awaitReady(FunctionKey key, Function function, FunctionState state, Replica replica) {
        Instant deadline = clock.instant().plus(properties.startTimeout());
        Duration poll = FIRST_STARTUP_POLL;
        try {
            while (replica.state() == Replica.State.STARTING && replica.process().isAlive()) {
                HealthProbe.Result result = probe.probeStarting(replica);
                switch (result.outcome()) {
                    case HEALTHY -> {
                        if (!replica.ready(ReplicaStart.Kind.STARTED)) {
                            return; // scaled down while it started: its stop (a stop, not a crash) is under way
                        }
                        serveAtOnce(key, state, replica);
                        log.debug("{}: {} started in {}", key, replica, replica.howStarted().took());
                        state.recovered();
                        logs.note(function.namespace(), function.name(), "replica on port " + replica.endpoint().port()
                                + " is ready (generation " + replica.generation() + ")");
                        queue.request(key);
                        return;
                    }
                    case UNHEALTHY, IMPOSTOR -> {
                        giveUp(key, function, state, replica, "replica is not healthy: " + result.detail());
                        return;
                    }
                    case NOT_ANSWERING -> {
                        if (clock.instant().isAfter(deadline)) {
                            giveUp(key, function, state, replica, "replica did not answer /healthz within "
                                    + properties.startTimeout().toSeconds() + " s");
                            return;
                        }
                        Thread.sleep(poll);
                        poll = poll.multipliedBy(2).compareTo(MAX_STARTUP_POLL) > 0 ? MAX_STARTUP_POLL
                                : poll.multipliedBy(2);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            admission.startEnded();
        }
    }

    /**
     * A function's first ready replica takes calls at once — the calls held for it (a wake, a new deploy) go now —
     * instead of after the reconcile this readiness requests, which publishes the full route a moment later.
     */
    private void serveAtOnce(FunctionKey key, FunctionState state, Replica replica) {
        Function current = state.function;
        if (current != null && current.generation() == replica.generation()) {
            routes.serveFirst(key, replica.endpoint(), replica.howStarted());
        }
    }

    private void giveUp(FunctionKey key, Function function, FunctionState state, Replica replica, String why) {
        replica.state(Replica.State.UNHEALTHY);
        background.execute(() -> launcher.stop(replica));
        failed(key, function, state, FunctionConditions.REASON_START_FAILED, why + explain(function));
    }

    private void onExit(FunctionKey key, Function function, FunctionState state, Replica replica) {
        admission.replicaGone();
        Replica.State was = replica.exchange(Replica.State.EXITED);
        state.replicas.remove(replica);
        boolean oomKilled = replica.confinement().oomKilled();
        boolean pidsLimitHit = replica.confinement().pidsLimitHit();
        replica.confinement().release();
        String oomMessage = "replica used more memory than its limit and was killed (raise spec.resources.memory)";
        if (oomKilled && was == Replica.State.UNHEALTHY) {
            // the platform gave up on it (failed start or probes) and counted that; the kernel's kill on its way out
            // is the truer reason
            synchronized (state) {
                if (FunctionConditions.REASON_UNHEALTHY.equals(state.lastFailureReason)
                        || FunctionConditions.REASON_START_FAILED.equals(state.lastFailureReason)) {
                    state.failureWas(FunctionConditions.REASON_OOM_KILLED, oomMessage + explain(function));
                }
            }
            logs.note(function.namespace(), function.name(), oomMessage);
            queue.request(key);
        } else if (oomKilled) {
            failed(key, function, state, FunctionConditions.REASON_OOM_KILLED, oomMessage + explain(function));
        } else if ((was == Replica.State.STARTING || was == Replica.State.READY) && pidsLimitHit) {
            // died before a probe round saw the fork bomb (a runtime that cannot start a thread may exit)
            failed(key, function, state, FunctionConditions.REASON_PIDS_LIMIT, "replica tried to run more than its"
                    + " limit of processes and threads, and exited with code " + replica.process().exitValue()
                    + explain(function));
        } else if (was == Replica.State.STARTING || was == Replica.State.READY) {
            failed(key, function, state, FunctionConditions.REASON_CRASHED,
                    "replica exited with code " + replica.process().exitValue() + explain(function));
        } else {
            queue.request(key); // stopped on purpose, or given up by the platform (already counted and explained)
        }
    }

    /** A replica failed: count it, back off (1 s, 2 s, 4 s … up to the maximum), explain it in status. */
    private void failed(FunctionKey key, Function function, FunctionState state, String reason, String why) {
        long backoffSeconds;
        synchronized (state) {
            state.failures++;
            backoffSeconds = Math.min(properties.restartBackoffMax().toSeconds(), 1L << Math.min(state.failures - 1, 20));
            state.backoffUntil = clock.instant().plusSeconds(backoffSeconds);
            state.failed(reason, why, clock.instant());
        }
        logs.note(function.namespace(), function.name(), why + "; restarting in " + backoffSeconds + " s");
        log.warn("{}: {}; restarting in {} s", key, why.lines().findFirst().orElse(why), backoffSeconds);
        queue.request(key);
    }

    /** What the function printed last: usually why its replica died. */
    private String explain(Function function) {
        List<String> lines = logs.lastOutput(function.namespace(), function.name(), EXPLAINED_LINES);
        return lines.isEmpty() ? "" : ". Last output:\n" + String.join("\n", lines);
    }

    private void retire(FunctionState state, Replica replica, Duration drain) {
        if (replica.state() == Replica.State.STOPPING || replica.state() == Replica.State.EXITED) {
            return;
        }
        replica.state(Replica.State.STOPPING);
        queue.later(drain, () -> {
            launcher.stop(replica);
            state.replicas.remove(replica);
        });
    }

    // ---- health of ready replicas ----

    /** Probes one ready replica in the background; three failures in a row (by default) replace it. */
    void probe(FunctionKey key, FunctionState state, Replica replica) {
        background.execute(() -> probeOnce(key, state, replica));
    }

    private void probeOnce(FunctionKey key, FunctionState state, Replica replica) {
        if (replica.confinement().pidsLimitHit() && replica.state() == Replica.State.READY) {
            // a fork bomb, or a leak of threads: the replica is not trustworthy any more
            replica.state(Replica.State.UNHEALTHY);
            background.execute(() -> launcher.stop(replica));
            Function function = state.function;
            failed(key, function, state, FunctionConditions.REASON_PIDS_LIMIT, "replica tried to run more than its"
                    + " limit of processes and threads, and was replaced" + explain(function));
            return;
        }
        try {
            HealthProbe.Result result = probe.probe(replica);
            if (result.outcome() == HealthProbe.Outcome.HEALTHY) {
                replica.probeSucceeded();
                return;
            }
            replica.probeFailed();
            if (replica.failedProbes() >= properties.unhealthyThreshold()
                    && replica.transition(Replica.State.READY, Replica.State.UNHEALTHY)) {
                replaceUnhealthy(key, state, replica, result);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A ready replica failed its health probe too often in a row: the platform kills it (SIGTERM, SIGKILL after the
     * grace) and starts another, counted and backed off like a crash — and status says it was the platform, not a
     * crash. When its cgroup shows the memory limit reached (an OOM kill in the group, or its working set at the
     * limit: a replica thrashing there stops answering before the kernel's OOM killer acts) the reason is OOMKilled,
     * as raising its memory is what helps; otherwise ReplicaUnhealthy, naming the probe's failure.
     */
    private void replaceUnhealthy(FunctionKey key, FunctionState state, Replica replica, HealthProbe.Result result) {
        Confinement confinement = replica.confinement();
        boolean atMemoryLimit = confinement.oomKilled() || confinement.atMemoryLimit(); // before the kill frees it
        background.execute(() -> launcher.stop(replica));
        Function function = state.function;
        String probes = "replica on port " + replica.endpoint().port() + " failed " + replica.failedProbes()
                + " health probes in a row (last: " + result.detail() + ")";
        if (atMemoryLimit) {
            failed(key, function, state, FunctionConditions.REASON_OOM_KILLED, probes + " at its memory limit, so the "
                    + "platform killed it: it needs more memory than its limit (raise spec.resources.memory)"
                    + explain(function));
        } else {
            failed(key, function, state, FunctionConditions.REASON_UNHEALTHY, probes + ", so the platform killed it"
                    + explain(function));
        }
    }
}
