package dev.nubo.controller.pool;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nubo.controller.DataLayout;
import dev.nubo.controller.Directories;
import dev.nubo.controller.build.BuiltFunction;
import dev.nubo.controller.logs.LocalFunctionLogs;
import dev.nubo.controller.process.ChildProcesses;
import dev.nubo.controller.process.ProcessSessions;
import dev.nubo.controller.replica.FreePorts;
import dev.nubo.controller.replica.HealthProbe;
import dev.nubo.controller.replica.Replica;
import dev.nubo.controller.runtime.LocalRuntimeCatalog;
import dev.nubo.controller.sandbox.Sandbox;
import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.function.Function;
import dev.nubo.core.runtime.InstalledRuntime;
import dev.nubo.core.runtime.RuntimeCommands;
import tools.jackson.databind.json.JsonMapper;

/**
 * Unspecialized runtime servers kept running per runtime that {@linkplain dev.nubo.core.runtime.RuntimeDescriptor#pools
 * pools} (the interpreted ones and Java), so that a new replica — above all the first one
 * of a function scaled to zero — only loads its function: {@link #take} hands one out (the pool refills in the
 * background), {@link #specialize} links the function's code, dependencies and log into the server's slot and posts
 * {@code /_nubo/specialize} to it. A pool server confined like a replica sees its runtime and its slot only.
 */
public class WarmPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WarmPool.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration READY_WAIT = Duration.ofSeconds(30);
    /**
     * How long a server whose specialization connection dropped may take to end by itself: the sandbox's init reaps the
     * runtime and exits with its code, a few ms when the machine is calm, longer when it is busy.
     */
    private static final Duration EXIT_GRACE = Duration.ofSeconds(1);

    private final PoolProperties properties;
    private final LocalRuntimeCatalog catalog;
    private final ChildProcesses children;
    private final Sandbox sandbox;
    private final FreePorts ports;
    private final HealthProbe probe;
    private final LocalFunctionLogs logs;
    private final DataLayout layout;
    private final String host;
    private final Path javaHome;
    private final Clock clock;
    private final Map<String, ConcurrentLinkedDeque<Pooled>> ready = new ConcurrentHashMap<>();
    private final Map<String, Integer> starting = new ConcurrentHashMap<>();
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private volatile boolean open = true;

    public WarmPool(PoolProperties properties, LocalRuntimeCatalog catalog, ChildProcesses children, Sandbox sandbox,
            FreePorts ports, HealthProbe probe, LocalFunctionLogs logs, DataLayout layout, String host, Path javaHome,
            Clock clock) {
        this.properties = properties;
        this.catalog = catalog;
        this.children = children;
        this.sandbox = sandbox;
        this.ports = ports;
        this.probe = probe;
        this.logs = logs;
        this.layout = layout;
        this.host = host;
        this.javaHome = javaHome;
        this.clock = clock;
    }

    /** Fills the pool of every pooled runtime this machine offers. */
    public void start() {
        Directories.deleteTree(layout.pool()); // slots of an earlier run
        for (InstalledRuntime runtime : pooledRuntimes()) {
            refill(runtime);
        }
    }

    private List<InstalledRuntime> pooledRuntimes() {
        if (!properties.enabled()) {
            return List.of();
        }
        return catalog.installedRuntimes().stream().filter(r -> properties.languages().contains(r.info().language())
                && r.descriptor().pools()).toList();
    }

    /**
     * Whether a replica of {@code function} may come from the pool: a pooled runtime, and nothing a pool server cannot
     * take on after it started, so that it ends up confined exactly like a replica started for the function — no
     * secret mounted as files (bind mounts are made at start) and no CPU limit (a cgroup v1 CPU controller is joined
     * at start). Those functions start their replicas as usual.
     */
    public boolean serves(Function function, InstalledRuntime runtime) {
        return open && properties.enabled() && properties.languages().contains(runtime.info().language())
                && runtime.descriptor().pools()
                && function.spec().secrets().stream().allMatch(ref -> ref.mountPath() == null)
                && (function.spec().resources() == null || function.spec().resources().cpu() == null);
    }

    /**
     * A ready server of {@code runtime}, out of the pool, or empty when none is ready (the pool refills now then). The
     * pool refills a taken server once its {@link #specialize} or {@link #discard} ended, not beside it.
     */
    public Optional<Pooled> take(InstalledRuntime runtime) {
        ConcurrentLinkedDeque<Pooled> servers = ready.get(runtime.id());
        Pooled taken = null;
        while (servers != null && (taken = servers.pollFirst()) != null && !taken.process().isAlive()) {
            taken = null; // died while waiting: take the next
        }
        if (taken == null) {
            refill(runtime);
        }
        return Optional.ofNullable(taken);
    }

    /** Stops a taken server that will not be specialized; the pool refills. */
    public void discard(Pooled pooled) {
        kill(pooled);
        refillLater(pooled.runtime());
    }

    /**
     * Gives {@code pooled} the function: links its code, dependencies and log into the server's slot, sets the
     * function's memory limit, and posts {@code /_nubo/specialize}. The replica serves once this returns.
     *
     * @param env the function's own variables (spec.env and those from its secrets)
     * @throws IOException when the server would not take the function (it is stopped then)
     */
    public void specialize(Pooled pooled, Function function, BuiltFunction built, Map<String, String> env)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        boolean refused = false;
        try {
            Path code = pooled.slot().resolve("code");
            Path deps = pooled.slot().resolve("deps");
            TreeLinks.link(built.codeDir(), code);
            TreeLinks.link(built.depsDir(), deps);
            Path build = null;
            if (pooled.runtime().descriptor().compiles()) { // Java: the server loads the compiled classes
                build = pooled.slot().resolve("build");
                TreeLinks.link(built.buildDir(), build);
            }
            Path log = pooled.slot().resolve(Sandbox.POOL_OUTPUT_DIR).resolve("log");
            Path functionLog = logs.file(function.namespace(), function.name());
            if (!Files.exists(functionLog)) {
                Files.createFile(functionLog);
            }
            if (sandbox.replicaUid() != null) {
                Files.setAttribute(functionLog, "unix:uid", sandbox.replicaUid());
            }
            Files.createLink(log, functionLog); // the replica appends to the function's log through its slot
            long linked = System.nanoTime();
            pooled.confinement().limitMemory(sandbox.memoryLimit(function));
            long limited = System.nanoTime();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("codeDir", code.toString());
            body.put("depsDir", deps.toString());
            if (build != null) {
                body.put("buildDir", build.toString());
            }
            body.put("handler", function.spec().handler());
            body.put("functionName", function.name());
            body.put("timeout", function.spec().timeoutOrDefault());
            body.put("runtime", function.spec().runtime());
            if (function.spec().resources() != null && function.spec().resources().memory() != null) {
                body.put("memoryLimit", function.spec().resources().memory());
            }
            body.put("env", env);
            body.put("logFile", log.toString());
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("http://" + pooled.endpoint()
                    + "/_nubo/specialize")).timeout(Duration.ofSeconds(function.spec().timeoutOrDefault() + 5L))
                    .header("Content-Type", "application/json")
                    .header("Nubo-Specialize-Token", pooled.specializeToken())
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (WarmPool.log.isDebugEnabled()) {
                WarmPool.log.debug("{}/{}: pool server {} specialized: links {} µs, memory limit {} µs, POST {} µs",
                        function.namespace(), function.name(), pooled.endpoint(), (linked - started) / 1000,
                        (limited - linked) / 1000, (System.nanoTime() - limited) / 1000);
            }
            if (answer.statusCode() != 200) {
                refused = true;
                throw new IOException("the pool server would not load the function (" + answer.statusCode() + "): "
                        + answer.body());
            }
        } catch (IOException | RuntimeException e) {
            // a dropped connection is mostly the function's code exiting while it loaded: that server is on its way
            // out, and its own exit code, not this kill's 128 + 9, is what the function's log and status must report
            if (refused || !endsWithin(pooled.process(), EXIT_GRACE)) {
                kill(pooled);
            }
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        } finally {
            refillLater(pooled.runtime());
        }
    }

    /** Refills after {@code refillDelay}: the wake that took a server goes first. */
    private void refillLater(InstalledRuntime runtime) {
        if (!open || properties.refillDelay().isZero() || properties.refillDelay().isNegative()) {
            refill(runtime);
            return;
        }
        background.execute(() -> { // a virtual thread: its sleep holds no carrier
            try {
                Thread.sleep(properties.refillDelay());
                refill(runtime);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void refill(InstalledRuntime runtime) {
        if (!open) {
            return;
        }
        int missing;
        synchronized (starting) {
            int have = ready.computeIfAbsent(runtime.id(), k -> new ConcurrentLinkedDeque<>()).size()
                    + starting.getOrDefault(runtime.id(), 0);
            missing = Math.max(0, properties.size() - have);
            starting.merge(runtime.id(), missing, Integer::sum);
        }
        for (int i = 0; i < missing; i++) {
            background.execute(() -> {
                try {
                    Pooled pooled = spawn(runtime);
                    if (pooled != null) {
                        ready.get(runtime.id()).addLast(pooled);
                        if (!open && ready.get(runtime.id()).remove(pooled)) {
                            kill(pooled); // closed between its start and now: close() did not see it
                        }
                    }
                } finally {
                    starting.merge(runtime.id(), -1, Integer::sum);
                }
            });
        }
    }

    /** Starts one unspecialized server and waits until it answers as itself; null when it does not. */
    private Pooled spawn(InstalledRuntime runtime) {
        String instanceId = UUID.randomUUID().toString();
        int port = ports.take();
        Process started = null;
        try {
            Path slot = Files.createDirectories(layout.pool().resolve(instanceId));
            Files.createDirectories(slot.resolve(Sandbox.POOL_OUTPUT_DIR));
            RuntimeCommands commands = new RuntimeCommands(runtime, slot.resolve("code"), slot.resolve("deps"),
                    slot.resolve("build"), layout.cache(runtime.id()), javaHome);
            byte[] tokenBytes = new byte[24];
            RANDOM.nextBytes(tokenBytes);
            String token = HexFormat.of().formatHex(tokenBytes);
            Map<String, String> env = new LinkedHashMap<>(commands.startEnvironment());
            env.put("FUNC_PORT", Integer.toString(port));
            env.put("FUNC_HOST", host);
            env.put("FUNC_RUNTIME", runtime.id());
            env.put("NUBO_SPECIALIZE_TOKEN", token);
            Sandbox.Confined confined = sandbox.pooled(commands.poolStart(), runtime.runtimeDir(), slot, instanceId);
            Path poolLog = Directories.create(layout.logs().resolve("_pool")).resolve(runtime.id() + ".log");
            Process process = children.start(confined.command(), env, slot, instanceId, poolLog);
            started = process;
            process.onExit().thenRun(() -> {
                ports.release(port);
                confined.confinement().release();
                Directories.deleteTree(slot);
                ConcurrentLinkedDeque<Pooled> servers = ready.get(runtime.id());
                if (servers != null) {
                    servers.removeIf(p -> p.process() == process);
                }
            });
            Pooled pooled = new Pooled(runtime, instanceId, new Endpoint(host, port), process, confined.confinement(),
                    slot, token, Instant.now());
            Replica probeTarget = new Replica(instanceId, 0, "", pooled.endpoint(), process, Instant.now(),
                    confined.confinement());
            Instant deadline = Instant.now().plus(READY_WAIT);
            while (open && process.isAlive() && Instant.now().isBefore(deadline)) {
                HealthProbe.Result result = probe.probeStarting(probeTarget);
                if (result.outcome() == HealthProbe.Outcome.HEALTHY) {
                    return pooled; // when the pool closed meanwhile, refill stops it
                }
                if (result.outcome() != HealthProbe.Outcome.NOT_ANSWERING) {
                    break;
                }
                Thread.sleep(10);
            }
            if (open) {
                log.warn("a pool server of {} did not become ready; the pool runs short", runtime.id());
            }
            kill(pooled);
            return null;
        } catch (IOException | RuntimeException e) {
            ports.release(port);
            log.warn("cannot start a pool server of {}: {}", runtime.id(), e.getMessage());
            return null;
        } catch (InterruptedException e) {
            // close() interrupts servers still starting: one left running here would outlive the pool (two were
            // found hours later, their parent gone)
            if (started != null) {
                ProcessSessions.signal(started.pid(), ProcessSessions.Signal.KILL);
            }
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static boolean endsWithin(Process process, Duration grace) throws InterruptedException {
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private static void kill(Pooled pooled) {
        ProcessSessions.signal(pooled.process().pid(), ProcessSessions.Signal.KILL);
    }

    /** How many servers wait per runtime (for status and the benchmarks). */
    public Map<String, Integer> sizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        ready.forEach((runtime, servers) -> sizes.put(runtime, servers.size()));
        return sizes;
    }

    /** Stops every waiting server. */
    @Override
    public void close() {
        open = false;
        List<Long> sessions = new ArrayList<>();
        ready.values().forEach(servers -> servers.forEach(p -> sessions.add(p.process().pid())));
        ProcessSessions.signalAll(sessions, ProcessSessions.Signal.KILL);
        background.shutdownNow();
    }
}
