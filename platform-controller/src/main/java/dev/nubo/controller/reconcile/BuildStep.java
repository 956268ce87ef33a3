package dev.nubo.controller.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nubo.controller.build.BuildException;
import dev.nubo.controller.build.BuiltFunction;
import dev.nubo.controller.build.FunctionBuilder;
import dev.nubo.controller.logs.LocalFunctionLogs;
import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionConditions;
import dev.nubo.core.runtime.InstalledRuntime;

/**
 * The build step: each generation of a function is built once (or found built on disk), a few builds at a time
 * (admission), and a build that failed because a registry or download host was unreachable is tried again with
 * backoff.
 */
final class BuildStep {

    private static final Logger log = LoggerFactory.getLogger(BuildStep.class);
    /** Build failures that may pass by themselves (a registry or download host that was unreachable). */
    private static final Set<String> TRANSIENT_BUILD_FAILURES = Set.of(
            FunctionConditions.REASON_INSTALL_FAILED, FunctionConditions.REASON_SOURCE_FETCH_FAILED);
    private static final Duration MAX_BUILD_RETRY = Duration.ofMinutes(10);

    private final FunctionBuilder builder;
    private final LocalFunctionLogs logs;
    private final Admission admission;
    private final Duration firstRetryDelay;
    private final Clock clock;
    private final ExecutorService background;
    private final Consumer<FunctionKey> reconcile;
    /** A build's step changed: status shows it, a little later (a fast build's end makes that reconcile moot). */
    private final Consumer<FunctionKey> progress;

    BuildStep(FunctionBuilder builder, LocalFunctionLogs logs, Admission admission, Duration firstRetryDelay,
            Clock clock, ExecutorService background, Consumer<FunctionKey> reconcile, Consumer<FunctionKey> progress) {
        this.builder = builder;
        this.logs = logs;
        this.admission = admission;
        this.firstRetryDelay = firstRetryDelay;
        this.clock = clock;
        this.background = background;
        this.reconcile = reconcile;
        this.progress = progress;
    }

    /**
     * The build of the function's current generation: found on disk, waiting for a slot, running, or finished —
     * starting it, or a due retry of it, when it may start.
     */
    FunctionState.Build current(Function function, InstalledRuntime runtime, FunctionState state) {
        FunctionKey key = FunctionKey.of(function);
        long generation = function.generation();
        FunctionState.Build build = state.build;
        if (build != null && build.generation == generation) {
            BuildException failure = build.failure();
            if (failure != null && build.retryAt != null && !clock.instant().isBefore(build.retryAt)) {
                build = new FunctionState.Build(generation, build.attempt + 1);
                state.build = build;
            }
        } else {
            cancel(key, state);
            build = new FunctionState.Build(generation, 1);
            state.build = build;
            Optional<BuiltFunction> existing = builder.existing(function, runtime);
            if (existing.isPresent()) {
                build.started = true;
                build.future.complete(existing.get());
                return build;
            }
        }
        if (!build.started && !build.future.isDone() && writesOneFile(function, runtime)) {
            // nothing to install or compile: done in the time a build slot and another reconcile would take
            build.started = true;
            execute(function, runtime, build, key, false);
            return build;
        }
        if (!build.started && !build.future.isDone()) {
            Optional<Admission.Refusal> refused = admission.tryBuild(key);
            if (refused.isPresent()) {
                build.step = refused.get().message();
            } else {
                build.started = true;
                build.step = "starting";
                FunctionState.Build started = build;
                background.execute(() -> execute(function, runtime, started, key, true));
            }
        }
        return build;
    }

    /** Stops the function's build, running or waiting. */
    void cancel(FunctionKey key, FunctionState state) {
        if (state.build != null) {
            state.build.cancel();
        }
        admission.forget(key);
    }

    /**
     * A build that only writes the inline source into the code directory: no dependencies (none in the spec, and an
     * inline source cannot ship a dependency file), nothing to compile.
     */
    static boolean writesOneFile(Function function, InstalledRuntime runtime) {
        return function.spec().source() != null && function.spec().source().inline() != null
                && !function.spec().hasDeps() && !runtime.descriptor().compiles();
    }

    /**
     * Runs the build: in the background with a build slot ({@code inBackground}: its steps show in status as they
     * come, and its end wakes the reconcile), or on the reconcile's own thread for a build that {@link #writesOneFile
     * writes one file}.
     */
    private void execute(Function function, InstalledRuntime runtime, FunctionState.Build build, FunctionKey key,
            boolean inBackground) {
        build.worker = Thread.currentThread();
        String ns = function.namespace();
        String name = function.name();
        logs.note(ns, name, "building generation " + function.generation() + " (" + runtime.id() + ")");
        log.debug("{}: build of generation {} started", key, function.generation());
        try {
            BuiltFunction built = builder.build(function, runtime, step -> {
                build.step = step;
                logs.note(ns, name, "build: " + step);
                if (inBackground) {
                    progress.accept(key);
                }
            }, line -> logs.note(ns, name, "build | " + line));
            logs.note(ns, name, "build of generation " + function.generation() + " succeeded");
            log.debug("{}: build of generation {} succeeded", key, function.generation());
            build.future.complete(built);
        } catch (BuildException e) {
            logs.note(ns, name, "build of generation " + function.generation() + " failed: " + e.getMessage());
            if (TRANSIENT_BUILD_FAILURES.contains(e.reason())) {
                build.retryAt = clock.instant().plus(retryDelay(firstRetryDelay, build.attempt));
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
            if (inBackground) {
                admission.buildDone();
                reconcile.accept(key);
            }
        }
    }

    /** first, twice that, four times … up to 10 min between retries of a transient build failure. */
    static Duration retryDelay(Duration first, int attempt) {
        Duration delay = first.multipliedBy(1L << Math.min(attempt - 1, 10));
        return delay.compareTo(MAX_BUILD_RETRY) > 0 ? MAX_BUILD_RETRY : delay;
    }
}
