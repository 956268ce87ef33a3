package dev.nubo.controller.reconcile;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;
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
import dev.nubo.core.admission.ApiWriteLoad;
import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.core.endpoint.FunctionRoute;
import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionConditions;
import dev.nubo.core.function.FunctionStatus;
import dev.nubo.core.autoscale.Autoscaler;
import dev.nubo.core.function.Scaling;
import dev.nubo.core.function.FunctionValidator;
import dev.nubo.core.runtime.InstalledRuntime;
import dev.nubo.core.secret.SecretStore;
import dev.nubo.controller.secret.ReplicaSecrets;
import dev.nubo.controller.pool.WarmPool;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.core.store.StoreEvent;
import dev.nubo.core.validation.FieldError;

/**
 * The local backend: keeps every stored function built and running as local processes, and answers the dispatchers'
 * "where is this function" from memory. One reconcile per function at a time; each reconcile is a short step of a
 * state machine — validate, then the {@link BuildStep build step}, then the {@link Rollout replica step} — woken by
 * store events, build completions, replica events, freed capacity and a periodic resync.
 */
public class LocalFunctionSupervisor implements FunctionEndpoints, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LocalFunctionSupervisor.class);
    /** How soon a build's new step shows in status: a build that ends sooner wakes the reconcile itself. */
    private static final Duration BUILD_PROGRESS_DELAY = Duration.ofMillis(100);

    private final FunctionStore store;
    private final LocalRuntimeCatalog catalog;
    private final FunctionValidator validator;
    private final ReplicaLauncher launcher;
    private final LocalFunctionLogs logs;
    private final RunRecords runRecords;
    private final DataLayout layout;
    private final ControllerProperties properties;
    private final StatusWriter statusWriter;
    private final Clock clock;

    private final Map<FunctionKey, FunctionState> states = new ConcurrentHashMap<>();
    private final Routes routes;
    /** Short waits that park (probes, build steps, stops); nothing here blocks a carrier on a pipe or waitpid. */
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final ReconcileQueue<FunctionKey> queue;
    private final Admission admission;
    private final BuildStep builds;
    private final Rollout rollout;
    private final Autoscaler autoscaler;
    private final SecretStore secretStore;
    private final WarmPool pool;
    private volatile boolean running;
    private volatile boolean autoStartup = true;
    /** Where the next health round starts when there are more ready replicas than the probe budget. */
    private int probeCursor;

    public LocalFunctionSupervisor(FunctionStore store, LocalRuntimeCatalog catalog, FunctionValidator validator,
            FunctionBuilder builder, ReplicaLauncher launcher, HealthProbe probe, LocalFunctionLogs logs,
            RunRecords runRecords, DataLayout layout, ControllerProperties properties, StatusWriter statusWriter,
            Clock clock, LongSupplier freeMemory, SecretStore secretStore, ReplicaSecrets secrets, WarmPool pool,
            int processLimit, ApiWriteLoad apiWrites) {
        this.store = store;
        this.queue = new ReconcileQueue<>(this::reconcile, properties.concurrentReconciles());
        this.routes = new Routes(new ReplicaConcurrency(properties.containerConcurrency(), processLimit,
                catalog::installed));
        this.catalog = catalog;
        this.validator = validator;
        this.launcher = launcher;
        this.logs = logs;
        this.runRecords = runRecords;
        this.layout = layout;
        this.properties = properties;
        this.statusWriter = statusWriter;
        this.clock = clock;
        this.admission = new Admission(properties.maxConcurrentBuilds(), properties.maxConcurrentStarts(),
                properties.maxRunningReplicas(), properties.minFreeMemory().toBytes(), freeMemory, queue::request,
                new Admission.StartPacing(apiWrites, properties.startIntervalWhileWritesWait(), System::nanoTime,
                        queue::later));
        this.builds = new BuildStep(builder, logs, admission, properties.buildRetryDelay(), clock, background,
                queue::request, key -> queue.requestAfter(key, BUILD_PROGRESS_DELAY));
        this.autoscaler = new Autoscaler(new Autoscaler.Settings(properties.autoscaleStableWindow(),
                properties.autoscalePanicWindow()));
        this.secretStore = secretStore;
        this.pool = pool;
        this.rollout = new Rollout(launcher, secrets, pool, probe, logs, admission, routes, statusWriter, properties, clock,
                background, queue);
    }

    /** Told of every route change (the distributed topology writes them to the store). */
    public void addRouteListener(RouteListener listener) {
        routes.addListener(listener);
    }

    // ---- FunctionEndpoints ----

    @Override
    public Optional<FunctionRoute> route(String namespace, String name) {
        return routes.get(new FunctionKey(namespace, name));
    }

    /**
     * A ready route now, or once a replica is up: a function scaled to zero is woken (its desired replicas become
     * one at once, not at the autoscaler's next tick), a starting one is waited for. Fails at once when the function
     * cannot run (failed build, crash loop), and after {@code maxWait} otherwise.
     */
    @Override
    public CompletableFuture<FunctionRoute> awaitReady(String namespace, String name, Duration maxWait) {
        FunctionKey key = new FunctionKey(namespace, name);
        Optional<FunctionRoute> route = routes.get(key);
        if (route.isPresent() && route.get().ready()) {
            return CompletableFuture.completedFuture(route.get());
        }
        FunctionState state = states.get(key);
        if (route.isEmpty() || state == null || !route.get().wakeable()) {
            return CompletableFuture.failedFuture(new NotReadyException(route.map(FunctionRoute::notReadyReason)
                    .orElse("no function " + name + " in namespace " + namespace)));
        }
        CompletableFuture<FunctionRoute> ready = routes.await(key);
        state.load.touch(); // the autoscaler must not take the function back to zero while a call waits
        if (state.desired == 0) {
            scaleTo(key, state, 1, "a call woke it");
        }
        String waitingFor = route.get().notReadyReason();
        queue.timeout(ready, maxWait, () -> new NotReadyException("no replica was ready within " + maxWait.toMillis()
                + " ms (" + waitingFor + ")"));
        return ready;
    }

    // ---- autoscaling ----

    /** Samples every function's calls in flight and lets the autoscaler decide; a change wakes the reconcile. */
    private void autoscale() {
        long now = System.nanoTime();
        states.forEach((key, state) -> {
            Function function = state.function;
            if (function == null || state.desired < 0 || function.spec().scaling() == null) {
                return;
            }
            int inFlight = state.load.inFlight();
            state.history.add(now, inFlight);
            Scaling scaling = function.spec().scaling();
            if (scaling.min() > 0 && scaling.max() <= scaling.min()) {
                return; // a fixed number of replicas
            }
            int ready = state.readyCount(function.generation());
            Autoscaler.Decision decision = autoscaler.decide(scaling, state.desired, ready, state.history, inFlight,
                    now - state.load.lastCallNanos(), state.panicUntil, now);
            state.panicUntil = decision.panicUntil();
            if (decision.desired() != state.desired) {
                scaleTo(key, state, decision.desired(), decision.reason());
            }
        });
    }

    private void scaleTo(FunctionKey key, FunctionState state, int desired, String reason) {
        int from = state.desired;
        state.desired = desired;
        state.lastScaling = new FunctionStatus.ScalingDecision(clock.instant(), from, desired, reason);
        log.debug("{}: {} → {} replicas: {}", key, from, desired, reason);
        queue.request(key);
    }

    // ---- lifecycle ----

    @Override
    public void start() {
        int reaped = runRecords.reapLeftovers();
        if (reaped > 0) {
            log.warn("stopped {} function process(es) left behind by a previous run", reaped);
        }
        pool.start();
        store.subscribe(this::onStoreEvent);
        secretStore.subscribe(this::onSecretChange);
        running = true;
        resync();
        queue.every(properties.resyncInterval(), this::resync);
        queue.every(properties.healthInterval(), this::probeReadyReplicas);
        queue.every(properties.autoscaleInterval(), this::autoscale);
    }

    private FunctionState newState() {
        return new FunctionState((int) Math.max(1, properties.autoscaleStableWindow().toMillis()
                / Math.max(1, properties.autoscaleInterval().toMillis())));
    }

    /**
     * One round of health probes: every ready replica while they are few; with many, the next slice of them within
     * the probe budget (max-probes-per-second), so a thousand idle replicas are not kept busy answering probes.
     */
    private void probeReadyReplicas() {
        List<Runnable> probes = new ArrayList<>();
        states.forEach((key, state) -> state.replicas.stream().filter(r -> r.state() == Replica.State.READY)
                .forEach(replica -> probes.add(() -> rollout.probe(key, state, replica))));
        int budget = (int) Math.max(1, properties.maxProbesPerSecond() * properties.healthInterval().toMillis() / 1000);
        if (probes.size() <= budget) {
            probes.forEach(Runnable::run);
            return;
        }
        int start = Math.floorMod(probeCursor, probes.size());
        for (int i = 0; i < budget; i++) {
            probes.get((start + i) % probes.size()).run();
        }
        probeCursor = start + budget;
    }

    /** Stops every replica at once: one SIGTERM to all, one shared grace period, then SIGKILL for what is left. */
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
        pool.close();
        long started = System.nanoTime();
        launcher.stopAll(all);
        log.info("stopped {} function replica(s) in {} ms", all.size(), (System.nanoTime() - started) / 1_000_000);
        background.shutdownNow();
        logs.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Not started with the application context but by whoever calls {@link #start} (the distributed controller,
     * once it holds the store's controller lease).
     */
    public void startWhenElected() {
        autoStartup = false;
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    /** Before the web servers stop and after they start: routes exist as long as something may call. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1000;
    }

    // ---- events ----

    private void onStoreEvent(StoreEvent<Function> event) {
        if (event.specChanged()) {
            log.debug("{}/{}: generation {} stored", event.resource().namespace(), event.resource().name(),
                    event.resource().generation());
            FunctionKey key = FunctionKey.of(event.resource());
            if (event.type() == StoreEvent.Type.ADDED && routes.get(key).isEmpty()) {
                // before the create is answered: the caller's first call waits for the first replica, never 404
                FunctionState state = states.computeIfAbsent(key, k -> newState());
                routes.publish(event.resource(), List.of(), "building generation " + event.resource().generation(),
                        state.load, true, null);
            }
            queue.request(key);
        }
    }

    /** A secret changed: the functions that use it roll their replicas (and those that waited for it start). */
    private void onSecretChange(SecretStore.Change change) {
        states.forEach((key, state) -> {
            Function function = state.function;
            if (function != null && key.namespace().equals(change.namespace())
                    && function.spec().secrets().stream().anyMatch(ref -> ref.name().equals(change.name()))) {
                state.backoffUntil = java.time.Instant.MIN;
                queue.request(key);
            }
        });
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
        FunctionState state = states.computeIfAbsent(key, k -> newState());
        if (stored.isEmpty()) {
            tearDown(key, state);
            return;
        }
        Function function = stored.get();
        if (state.uid != null && !state.uid.equals(function.metadata().uid())) {
            tearDown(key, state); // deleted and re-created under the same name
            state = states.computeIfAbsent(key, k -> newState());
        }
        if (state.uid == null && function.status() != null) {
            state.lastReplicaFailure = function.status().lastReplicaFailure(); // counted before a restart
        }
        state.uid = function.metadata().uid();
        state.function = function;
        List<FieldError> invalid = validator.validate(function);
        Optional<InstalledRuntime> runtime = catalog.installed(function.spec().runtime());
        if (!invalid.isEmpty() || runtime.isEmpty()) {
            String message = !invalid.isEmpty() ? invalid.getFirst().field() + ": " + invalid.getFirst().message()
                    : "runtime " + function.spec().runtime() + " is not offered on this machine";
            String reason = invalid.isEmpty() ? FunctionConditions.REASON_RUNTIME_UNAVAILABLE
                    : FunctionConditions.REASON_SPEC_INVALID;
            routes.publish(function, List.of(), message, state.load, false, null);
            statusWriter.write(function, state, StatusWriter.Observed.cannotRun(reason, message));
            return;
        }
        if (routes.get(key).isEmpty()) {
            // a new function: calls made from now on wait for its first replica instead of getting 404
            routes.publish(function, List.of(), "building generation " + function.generation(), state.load, true,
                    null);
        }
        FunctionState.Build build = builds.current(function, runtime.get(), state);
        if (build.running()) {
            rollout.keepServingOldGeneration(function, state, "building generation " + function.generation(), true);
            statusWriter.write(function, state, StatusWriter.Observed.building(build.step));
            return;
        }
        BuildException failure = build.failure();
        if (failure != null) {
            rollout.keepServingOldGeneration(function, state,
                    "the build of generation " + function.generation() + " failed", false);
            String retry = build.retryAt == null ? "" : " (trying again at " + build.retryAt + ")";
            statusWriter.write(function, state,
                    StatusWriter.Observed.buildFailed(failure.reason(), failure.getMessage() + retry));
            if (build.retryAt != null) {
                queue.requestAfter(key, Duration.between(clock.instant(), build.retryAt));
            }
            return;
        }
        BuiltFunction built = build.result();
        rollout.reconcile(key, function, built, state);
        if (state.replicas.stream().allMatch(r -> r.generation() == function.generation())) {
            removeOtherBuilds(function, built);
        }
    }

    // ---- deletion ----

    private void tearDown(FunctionKey key, FunctionState state) {
        routes.remove(key, "function " + key.name() + " was deleted");
        builds.cancel(key, state);
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
        try (var dirs = Files.list(functionDir)) {
            dirs.filter(d -> !d.equals(currentDir)).forEach(Directories::deleteTree);
        } catch (IOException e) {
            log.debug("cannot clean old builds of {}/{}: {}", function.namespace(), function.name(), e.getMessage());
        }
    }
}
