package dev.nubo.controller.reconcile;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.nubo.controller.ControllerProperties;
import dev.nubo.controller.DataLayout;
import dev.nubo.controller.Directories;
import dev.nubo.controller.build.BuildException;
import dev.nubo.controller.build.BuiltFunction;
import dev.nubo.controller.build.FunctionBuilder;
import dev.nubo.controller.logs.LocalFunctionLogs;
import dev.nubo.controller.process.RunRecords;
import dev.nubo.controller.replica.HealthProbe;
import dev.nubo.controller.replica.Replica;
import dev.nubo.controller.replica.ReplicaLauncher;
import dev.nubo.controller.runtime.LocalRuntimeCatalog;
import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.core.endpoint.FunctionRoute;
import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionConditions;
import dev.nubo.core.function.FunctionValidator;
import dev.nubo.core.runtime.InstalledRuntime;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.core.store.StoreEvent;
import dev.nubo.core.validation.FieldError;

/**
 * The local backend: keeps every stored function built and running as local processes, and answers the dispatchers'
 * "where is this function" from memory. One reconcile per function at a time; each reconcile is a short step of a
 * state machine (start a build, start or stop replicas, switch the route, write status), woken by store events, build
 * completions, replica events and a periodic resync.
 */
public class LocalFunctionSupervisor implements FunctionEndpoints, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LocalFunctionSupervisor.class);
    private static final Duration STARTUP_POLL = Duration.ofMillis(20);
    /** Build failures that may pass by themselves (a registry or download host that was unreachable). */
    private static final java.util.Set<String> TRANSIENT_BUILD_FAILURES = java.util.Set.of(
            FunctionConditions.REASON_INSTALL_FAILED, FunctionConditions.REASON_SOURCE_FETCH_FAILED);
    private static final Duration MAX_BUILD_RETRY = Duration.ofMinutes(10);

    private final FunctionStore store;
    private final LocalRuntimeCatalog catalog;
    private final FunctionValidator validator;
    private final FunctionBuilder builder;
    private final ReplicaLauncher launcher;
    private final HealthProbe probe;
    private final LocalFunctionLogs logs;
    private final RunRecords runRecords;
    private final DataLayout layout;
    private final ControllerProperties properties;
    private final StatusWriter statusWriter;
    private final Clock clock;

    private final Map<FunctionKey, FunctionState> states = new ConcurrentHashMap<>();
    private final Map<FunctionKey, FunctionRoute> routes = new ConcurrentHashMap<>();
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final ReconcileQueue<FunctionKey> queue = new ReconcileQueue<>(this::reconcile);
    private volatile boolean running;

    public LocalFunctionSupervisor(FunctionStore store, LocalRuntimeCatalog catalog, FunctionValidator validator,
            FunctionBuilder builder, ReplicaLauncher launcher, HealthProbe probe, LocalFunctionLogs logs,
            RunRecords runRecords, DataLayout layout, ControllerProperties properties, StatusWriter statusWriter,
            Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.validator = validator;
        this.builder = builder;
        this.launcher = launcher;
        this.probe = probe;
        this.logs = logs;
        this.runRecords = runRecords;
        this.layout = layout;
        this.properties = properties;
        this.statusWriter = statusWriter;
        this.clock = clock;
    }

    // ---- FunctionEndpoints ----

    @Override
    public Optional<FunctionRoute> route(String namespace, String name) {
        return Optional.ofNullable(routes.get(new FunctionKey(namespace, name)));
    }

    // ---- lifecycle ----

    @Override
    public void start() {
        int reaped = runRecords.reapLeftovers();
        if (reaped > 0) {
            log.warn("stopped {} function process(es) left behind by a previous run", reaped);
        }
        store.subscribe(this::onStoreEvent);
        running = true;
        resync();
        queue.every(properties.resyncInterval(), this::resync);
        queue.every(properties.healthInterval(), this::probeReadyReplicas);
    }

    @Override
    public void stop() {
        running = false;
        queue.close();
        List<Replica> all = states.values().stream().flatMap(s -> s.replicas.stream()).toList();
        routes.clear();
        states.values().forEach(s -> {
            if (s.build != null) {
                s.build.cancel();
            }
        });
        launcher.stopAll(all);
        log.info("stopped {} function replica(s)", all.size());
        background.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web servers stop and after they start: routes exist as long as something may call. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1000;
    }

    // ---- events ----

    private void onStoreEvent(StoreEvent<Function> event) {
        if (event.specChanged()) {
            queue.request(FunctionKey.of(event.resource()));
        }
    }

    private void resync() {
        Stream.concat(store.listAll().stream().map(FunctionKey::of), states.keySet().stream())
                .distinct().forEach(queue::request);
    }

    // ---- reconcile ----

    private void reconcile(FunctionKey key) {
        if (!running) {
            return;
        }
        Optional<Function> stored = store.get(key.namespace(), key.name());
        FunctionState state = states.computeIfAbsent(key, k -> new FunctionState());
        if (stored.isEmpty()) {
            tearDown(key, state);
            return;
        }
        Function function = stored.get();
        if (state.uid != null && !state.uid.equals(function.metadata().uid())) {
            tearDown(key, state); // deleted and re-created under the same name
            state = states.computeIfAbsent(key, k -> new FunctionState());
        }
        state.uid = function.metadata().uid();
        List<FieldError> invalid = validator.validate(function);
        Optional<InstalledRuntime> runtime = catalog.installed(function.spec().runtime());
        if (!invalid.isEmpty() || runtime.isEmpty()) {
            String message = !invalid.isEmpty() ? invalid.getFirst().field() + ": " + invalid.getFirst().message()
                    : "runtime " + function.spec().runtime() + " is not offered on this machine";
            String reason = invalid.isEmpty() ? FunctionConditions.REASON_RUNTIME_UNAVAILABLE
                    : FunctionConditions.REASON_SPEC_INVALID;
            publishRoute(function, state, List.of(), message);
            statusWriter.write(function, state, StatusWriter.Observed.cannotRun(reason, message));
            return;
        }
        FunctionState.Build build = currentBuild(function, runtime.get(), state);
        if (build.running()) {
            keepServingOldGeneration(function, state, "building generation " + function.generation());
            statusWriter.write(function, state, StatusWriter.Observed.building(build.step));
            return;
        }
        BuildException failure = build.failure();
        if (failure != null) {
            if (build.retryAt != null && !clock.instant().isBefore(build.retryAt)) {
                state.build = new FunctionState.Build(function.generation(), build.attempt + 1);
                startBuild(function, runtime.get(), state.build);
                queue.request(key);
                return;
            }
            keepServingOldGeneration(function, state, "the build of generation " + function.generation() + " failed");
            String retry = build.retryAt == null ? "" : " (trying again at " + build.retryAt + ")";
            statusWriter.write(function, state,
                    StatusWriter.Observed.buildFailed(failure.reason(), failure.getMessage() + retry));
            if (build.retryAt != null) {
                queue.requestAfter(key, Duration.between(clock.instant(), build.retryAt));
            }
            return;
        }
        runReplicas(key, function, build.result(), state);
    }

    private FunctionState.Build currentBuild(Function function, InstalledRuntime runtime, FunctionState state) {
        long generation = function.generation();
        if (state.build != null && state.build.generation == generation) {
            return state.build;
        }
        if (state.build != null) {
            state.build.cancel();
        }
        FunctionState.Build build = new FunctionState.Build(generation, 1);
        state.build = build;
        Optional<BuiltFunction> existing = builder.existing(function, runtime);
        if (existing.isPresent()) {
            build.future.complete(existing.get());
            return build;
        }
        startBuild(function, runtime, build);
        return build;
    }

    private void startBuild(Function function, InstalledRuntime runtime, FunctionState.Build build) {
        background.execute(() -> runBuild(function, runtime, build, FunctionKey.of(function)));
    }

    private void runBuild(Function function, InstalledRuntime runtime, FunctionState.Build build, FunctionKey key) {
        build.worker = Thread.currentThread();
        String ns = function.namespace();
        String name = function.name();
        logs.note(ns, name, "building generation " + function.generation() + " (" + runtime.id() + ")");
        try {
            BuiltFunction built = builder.build(function, runtime, step -> {
                build.step = step;
                logs.note(ns, name, "build: " + step);
                queue.request(key);
            }, line -> logs.note(ns, name, "build | " + line));
            logs.note(ns, name, "build of generation " + function.generation() + " succeeded");
            build.future.complete(built);
        } catch (BuildException e) {
            logs.note(ns, name, "build of generation " + function.generation() + " failed: " + e.getMessage());
            if (TRANSIENT_BUILD_FAILURES.contains(e.reason())) {
                build.retryAt = clock.instant().plus(buildRetryDelay(properties.buildRetryDelay(), build.attempt));
            }
            build.future.completeExceptionally(e);
        } catch (InterruptedException e) {
            build.future.completeExceptionally(new BuildException(FunctionConditions.REASON_BUILDING,
                    "the build was cancelled (a newer generation replaced it, or the function was deleted)"));
        } catch (RuntimeException e) {
            log.error("build of {} failed unexpectedly", key, e);
            build.future.completeExceptionally(new BuildException(FunctionConditions.REASON_COMPILE_FAILED,
                    "the build failed unexpectedly: " + e));
        } finally {
            build.worker = null;
            queue.request(key);
        }
    }

    /** first, twice that, four times … up to 10 min between retries of a transient build failure. */
    static Duration buildRetryDelay(Duration first, int attempt) {
        Duration delay = first.multipliedBy(1L << Math.min(attempt - 1, 10));
        return delay.compareTo(MAX_BUILD_RETRY) > 0 ? MAX_BUILD_RETRY : delay;
    }

    private void runReplicas(FunctionKey key, Function function, BuiltFunction built, FunctionState state) {
        long generation = function.generation();
        int desired = function.spec().scaling() == null ? 1 : function.spec().scaling().minReplicas();
        List<Replica> active = state.active(generation);
        Instant now = clock.instant();
        if (active.size() < desired) {
            if (now.isBefore(state.backoffUntil)) {
                queue.requestAfter(key, Duration.between(now, state.backoffUntil));
            } else {
                for (int i = active.size(); i < desired; i++) {
                    startReplica(key, function, built, state);
                }
            }
        } else if (active.size() > desired) {
            active.stream().sorted(Comparator.comparing(Replica::startedAt).reversed()).limit(active.size() - desired)
                    .forEach(r -> retire(state, r, Duration.ZERO));
        }
        List<Replica> ready = state.ready(generation);
        List<Replica> serving = new ArrayList<>(ready);
        if (ready.size() >= desired) {
            // the new generation carries the load: route to it only, stop the old one once calls in flight drain
            state.readyOtherThan(generation).forEach(r -> retire(state, r, properties.drainDelay()));
            state.replicas.stream().filter(r -> r.generation() != generation && r.state() == Replica.State.STARTING)
                    .forEach(r -> retire(state, r, Duration.ZERO));
        } else {
            serving.addAll(state.readyOtherThan(generation));
        }
        String reason = serving.isEmpty() ? notReadyReason(state) : null;
        publishRoute(function, state, serving.stream().map(Replica::endpoint).toList(), reason);
        statusWriter.write(function, state, StatusWriter.Observed.running(ready.size(), desired, state.failures,
                state.lastFailureReason, state.lastFailure));
        if (state.replicas.stream().allMatch(r -> r.generation() == generation)) {
            removeOtherBuilds(function, built);
        }
    }

    private String notReadyReason(FunctionState state) {
        return state.lastFailure != null ? state.lastFailure : "replicas are starting";
    }

    private void keepServingOldGeneration(Function function, FunctionState state, String why) {
        List<Endpoint> old = state.replicas.stream().filter(r -> r.state() == Replica.State.READY)
                .map(Replica::endpoint).toList();
        publishRoute(function, state, old, old.isEmpty() ? why : null);
    }

    private void publishRoute(Function function, FunctionState state, List<Endpoint> endpoints, String reason) {
        routes.put(FunctionKey.of(function), new FunctionRoute(function.namespace(), function.name(),
                endpoints, Duration.ofSeconds(function.spec().timeoutOrDefault()),
                endpoints.isEmpty() ? (reason == null ? "no replica is ready" : reason) : null, false));
    }

    // ---- replicas ----

    private void startReplica(FunctionKey key, Function function, BuiltFunction built, FunctionState state) {
        Replica replica;
        try {
            replica = launcher.start(function, built);
        } catch (IOException | RuntimeException e) {
            failed(key, function, state, FunctionConditions.REASON_START_FAILED,
                    "replica could not start: " + e.getMessage());
            return;
        }
        state.replicas.add(replica);
        replica.process().onExit().thenRun(() -> onExit(key, function, state, replica));
        background.execute(() -> awaitReady(key, function, state, replica));
    }

    private void awaitReady(FunctionKey key, Function function, FunctionState state, Replica replica) {
        Instant deadline = clock.instant().plus(properties.startTimeout());
        try {
            while (replica.state() == Replica.State.STARTING && replica.process().isAlive()) {
                HealthProbe.Result result = probe.probe(replica);
                switch (result.outcome()) {
                    case HEALTHY -> {
                        replica.state(Replica.State.READY);
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
                        Thread.sleep(STARTUP_POLL);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void giveUp(FunctionKey key, Function function, FunctionState state, Replica replica, String why) {
        replica.state(Replica.State.UNHEALTHY);
        background.execute(() -> launcher.stop(replica));
        failed(key, function, state, FunctionConditions.REASON_START_FAILED, why + explain(replica));
    }

    private void onExit(FunctionKey key, Function function, FunctionState state, Replica replica) {
        Replica.State was = replica.state();
        replica.state(Replica.State.EXITED);
        state.replicas.remove(replica);
        if (was == Replica.State.STARTING || was == Replica.State.READY) {
            failed(key, function, state, FunctionConditions.REASON_CRASHED,
                    "replica exited with code " + replica.process().exitValue() + explain(replica));
        } else {
            queue.request(key);
        }
    }

    /** A replica failed: count it, back off (1 s, 2 s, 4 s … up to the maximum), explain it in status. */
    private void failed(FunctionKey key, Function function, FunctionState state, String reason, String why) {
        long backoffSeconds;
        synchronized (state) {
            state.failures++;
            backoffSeconds = Math.min(properties.restartBackoffMax().toSeconds(), 1L << Math.min(state.failures - 1, 20));
            state.backoffUntil = clock.instant().plusSeconds(backoffSeconds);
            state.failed(reason, why);
        }
        logs.note(function.namespace(), function.name(), why + "; restarting in " + backoffSeconds + " s");
        log.warn("{}: {}; restarting in {} s", key, why.lines().findFirst().orElse(why), backoffSeconds);
        queue.request(key);
    }

    private static String explain(Replica replica) {
        List<String> lines = replica.lastLines();
        return lines.isEmpty() ? "" : ". Last output:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 10),
                lines.size()));
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

    private void probeReadyReplicas() {
        states.forEach((key, state) -> state.replicas.stream().filter(r -> r.state() == Replica.State.READY)
                .forEach(replica -> background.execute(() -> probeOnce(key, state, replica))));
    }

    private void probeOnce(FunctionKey key, FunctionState state, Replica replica) {
        try {
            HealthProbe.Result result = probe.probe(replica);
            if (result.outcome() == HealthProbe.Outcome.HEALTHY) {
                replica.probeSucceeded();
                return;
            }
            replica.probeFailed();
            if (replica.failedProbes() >= properties.unhealthyThreshold() && replica.state() == Replica.State.READY) {
                replica.state(Replica.State.UNHEALTHY);
                logs.note(key.namespace(), key.name(), "replica on port " + replica.endpoint().port()
                        + " is unhealthy (" + result.detail() + "): replacing it");
                state.failed(FunctionConditions.REASON_START_FAILED, "a replica became unhealthy: " + result.detail());
                background.execute(() -> launcher.stop(replica));
                queue.request(key);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- deletion ----

    private void tearDown(FunctionKey key, FunctionState state) {
        routes.remove(key);
        if (state.build != null) {
            state.build.cancel();
        }
        List<Replica> replicas = List.copyOf(state.replicas);
        launcher.stopAll(replicas);
        states.remove(key);
        Directories.deleteTree(layout.function(key.namespace(), key.name()));
        logs.delete(key.namespace(), key.name());
        if (!replicas.isEmpty()) {
            log.info("{}: deleted; stopped {} replica(s)", key, replicas.size());
        }
    }

    private void removeOtherBuilds(Function function, BuiltFunction current) {
        var functionDir = layout.function(function.namespace(), function.name());
        var currentDir = current.codeDir().getParent();
        try (var dirs = java.nio.file.Files.list(functionDir)) {
            dirs.filter(d -> !d.equals(currentDir)).forEach(Directories::deleteTree);
        } catch (IOException e) {
            log.debug("cannot clean old builds of {}/{}: {}", function.namespace(), function.name(), e.getMessage());
        }
    }
}
