package dev.nubo.triggers.http;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionAccess;
import dev.nubo.core.quota.QuotaStore;
import dev.nubo.triggers.access.AccessTable;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.core.store.HttpTriggerStore;
import dev.nubo.core.store.StoreEvent;
import dev.nubo.core.trigger.HttpTrigger;
import dev.nubo.triggers.dispatch.KnownFunctions;

/**
 * Keeps the gateway's route table in step with the stored HttpTriggers and functions, and writes each trigger's
 * {@code Ready} condition.
 *
 * <p>Store events (changes made through this instance) and a periodic resync (changes made through another instance
 * sharing the store) are applied on one thread, in order; each batch builds a new {@link HttpRouteTable} from an
 * {@link HttpRoutePlan} and swaps it in with one volatile write — calls in flight keep the table they started with.
 * A trigger's guards (remembered credentials, its token bucket) carry over to the new table while their part of the
 * spec is unchanged. Status is written only when what a reader sees changes, so several instances showing the same
 * view write once.
 */
public class HttpTriggerRouter implements HttpRoutes, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HttpTriggerRouter.class);
    /** How long a status write that failed waits before the next try. */
    private static final Duration STATUS_RETRY = Duration.ofSeconds(5);

    private final HttpTriggerStore triggers;
    private final FunctionStore functions;
    private final Clock clock;
    private final Duration resyncInterval;
    private final Duration callsInterval;
    private final ScheduledExecutorService worker;
    private final ThreadPoolExecutor passwordChecks;

    private final QuotaStore quotas;
    private volatile HttpRouteTable table = HttpRouteTable.EMPTY;
    private volatile AccessTable access = AccessTable.EMPTY;
    private volatile boolean running;

    // confined to the worker thread
    private final Map<String, HttpTrigger> stored = new HashMap<>();
    private final KnownFunctions known = new KnownFunctions();
    private final Map<String, HttpTriggerView> shown = new HashMap<>();
    private final Map<String, FunctionAccess> accessByFunction = new HashMap<>();
    private final Map<String, Integer> callQuotas = new HashMap<>();
    private boolean rebuildQueued;
    private ScheduledFuture<?> resync;
    private ScheduledFuture<?> statusRetry;
    private ScheduledFuture<?> callsFlush;

    /**
     * @param callsInterval how often the triggers' calls (counts, last call, last failure) are written to status
     */
    public HttpTriggerRouter(HttpTriggerStore triggers, FunctionStore functions, Clock clock, Duration resyncInterval,
            Duration callsInterval, int passwordCheckThreads) {
        this(triggers, functions, null, clock, resyncInterval, callsInterval, passwordCheckThreads);
    }

    /** @param quotas the namespaces' quotas (calls per second at the gateway), or null: none */
    public HttpTriggerRouter(HttpTriggerStore triggers, FunctionStore functions, QuotaStore quotas, Clock clock,
            Duration resyncInterval, Duration callsInterval, int passwordCheckThreads) {
        this.quotas = quotas;
        this.triggers = Objects.requireNonNull(triggers);
        this.functions = Objects.requireNonNull(functions);
        this.clock = clock;
        this.resyncInterval = resyncInterval;
        this.callsInterval = callsInterval;
        this.worker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("nubo-http-routes").factory());
        // bcrypt checks of basic credentials not yet remembered: bounded, so a flood of wrong passwords queues here
        // (and is refused past the queue) instead of taking every core
        this.passwordChecks = new ThreadPoolExecutor(passwordCheckThreads, passwordCheckThreads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(256), Thread.ofPlatform().daemon().name("nubo-http-auth-", 0).factory());
        this.passwordChecks.allowCoreThreadTimeOut(true);
        // the store cannot unsubscribe: events are ignored while stopped, and start() reads everything again
        triggers.subscribe(this::onTriggerEvent);
        functions.subscribe(this::onFunctionEvent);
        if (quotas != null) {
            quotas.subscribe(this::onQuotaChange);
        }
    }

    @Override
    public HttpRouteTable current() {
        return table;
    }

    @Override
    public AccessTable access() {
        return access;
    }

    @Override
    public void start() {
        if (running) {
            return;
        }
        running = true;
        try {
            // the first table is there before the gateway takes calls (this starts in an earlier phase)
            worker.submit(this::resync).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("HttpTrigger routes not loaded at start; trying again every {}: {}", resyncInterval,
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long every = resyncInterval.toMillis();
        resync = worker.scheduleWithFixedDelay(this::resync, every, every, TimeUnit.MILLISECONDS);
        long flushEvery = callsInterval.toMillis();
        callsFlush = worker.scheduleWithFixedDelay(this::writeCalls, flushEvery, flushEvery, TimeUnit.MILLISECONDS);
        log.info("HttpTrigger routes: {} installed", table.routes().size());
    }

    @Override
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        if (resync != null) {
            resync.cancel(false);
        }
        if (callsFlush != null) {
            callsFlush.cancel(false);
            submit(this::writeCalls); // what the last seconds counted
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the gateway starts, after it stops. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 1;
    }

    /** Closes the worker threads (the bean's destroy method). */
    public void close() {
        stop();
        worker.shutdownNow();
        passwordChecks.shutdownNow();
    }

    private void onTriggerEvent(StoreEvent<HttpTrigger> event) {
        if (!running || (event.type() == StoreEvent.Type.MODIFIED && !event.specChanged())) {
            return; // status writes (ours included) change no route
        }
        submit(() -> {
            HttpTrigger trigger = event.resource();
            String key = key(trigger.namespace(), trigger.name());
            if (event.type() == StoreEvent.Type.DELETED) {
                HttpTrigger current = stored.get(key);
                if (current != null && Objects.equals(current.metadata().uid(), trigger.metadata().uid())) {
                    stored.remove(key);
                }
            } else {
                stored.put(key, trigger);
            }
            queueRebuild();
        });
    }

    private void onFunctionEvent(StoreEvent<Function> event) {
        if (!running) {
            return;
        }
        submit(() -> {
            Function function = event.resource();
            String key = key(function.namespace(), function.name());
            FunctionAccess before = accessByFunction.get(key);
            FunctionAccess after = event.type() == StoreEvent.Type.DELETED || function.spec() == null ? null
                    : function.spec().access();
            if (!Objects.equals(before, after)) {
                if (after == null) {
                    accessByFunction.remove(key);
                } else {
                    accessByFunction.put(key, after);
                }
                rebuildAccess();
            }
            boolean changed = event.type() == StoreEvent.Type.DELETED
                    ? known.remove(function.namespace(), function.name()) : known.put(function);
            if (changed) {
                queueRebuild();
            }
        });
    }

    private void submit(Runnable task) {
        try {
            worker.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("HttpTrigger routes not updated: {}", e.getMessage(), e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private void resync() {
        if (!running) {
            return;
        }
        try {
            List<HttpTrigger> all = triggers.listAll();
            List<Function> allFunctions = functions.listAll();
            known.replaceAll(allFunctions);
            accessByFunction.clear();
            allFunctions.stream().filter(f -> f.spec() != null && f.spec().access() != null)
                    .forEach(f -> accessByFunction.put(key(f.namespace(), f.name()), f.spec().access()));
            callQuotas.clear();
            if (quotas != null) {
                quotas.all().forEach((namespace, quota) -> {
                    if (quota.callsPerSecond() != null) {
                        callQuotas.put(namespace, quota.callsPerSecond());
                    }
                });
            }
            rebuildAccess();
            stored.clear();
            all.forEach(t -> stored.put(key(t.namespace(), t.name()), t));
            rebuild();
        } catch (RuntimeException e) {
            log.warn("Cannot read HttpTriggers; keeping the current routes: {}", e.getMessage());
        }
    }

    private void onQuotaChange(String namespace) {
        if (!running) {
            return;
        }
        submit(() -> {
            Integer rate = quotas.get(namespace).callsPerSecond();
            if (rate == null) {
                callQuotas.remove(namespace);
            } else {
                callQuotas.put(namespace, rate);
            }
            rebuildAccess();
        });
    }

    private void rebuildAccess() {
        access = AccessTable.of(accessByFunction, callQuotas, access);
    }

    /** Several events in a row (a namespace deleted, a resync) build one table. */
    private void queueRebuild() {
        if (!rebuildQueued) {
            rebuildQueued = true;
            worker.execute(() -> {
                rebuildQueued = false;
                rebuild();
            });
        }
    }

    private void rebuild() {
        HttpRoutePlan plan = HttpRoutePlan.of(stored.values(), known::targets);
        table = RouteGuards.table(plan, table, passwordChecks);
        writeStatus(plan.views());
    }

    /** Adds each trigger's calls since the last write to its status; a failed write is counted again next time. */
    private void writeCalls() {
        for (RoutedTrigger routed : table.routes()) {
            TriggerCalls.Delta delta = routed.calls().drain();
            if (delta.isEmpty()) {
                continue;
            }
            HttpRoute route = routed.route();
            try {
                triggers.changeStatus(route.namespace(), route.trigger(),
                        current -> HttpTriggerStatus.addCalls(current, route.uid(), delta));
            } catch (RuntimeException e) {
                routed.calls().restore(delta);
                log.warn("Cannot write the calls of HttpTrigger {}/{}; trying again: {}", route.namespace(),
                        route.trigger(), e.getMessage());
            }
        }
    }

    private void writeStatus(Map<String, HttpTriggerView> views) {
        shown.keySet().retainAll(views.keySet());
        boolean failed = false;
        for (HttpTriggerView view : views.values()) {
            if (view.sameAs(shown.get(view.uid()))) {
                continue;
            }
            try {
                triggers.changeStatus(view.namespace(), view.name(),
                        current -> HttpTriggerStatus.merge(current, view, clock));
                shown.put(view.uid(), view);
            } catch (RuntimeException e) {
                failed = true;
                log.warn("Cannot write the status of HttpTrigger {}/{}; trying again: {}", view.namespace(),
                        view.name(), e.getMessage());
            }
        }
        if (failed && (statusRetry == null || statusRetry.isDone())) {
            statusRetry = worker.schedule(this::queueRebuild, STATUS_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
