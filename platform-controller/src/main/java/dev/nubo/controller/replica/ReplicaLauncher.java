package dev.nubo.controller.replica;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nubo.controller.build.BuiltFunction;
import dev.nubo.controller.logs.LocalFunctionLogs;
import dev.nubo.controller.process.ChildProcesses;
import dev.nubo.controller.process.ProcessSessions;
import dev.nubo.controller.sandbox.Sandbox;
import dev.nubo.controller.secret.ReplicaSecrets;
import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.function.Function;

/** Starts and stops replicas as local processes. */
public class ReplicaLauncher {

    private static final Logger log = LoggerFactory.getLogger(ReplicaLauncher.class);

    private final ChildProcesses children;
    private final Sandbox sandbox;
    private final ReplicaSecrets secrets;
    private final FreePorts ports;
    private final LocalFunctionLogs logs;
    private final String host;
    private final Duration stopTimeout;
    private final Clock clock;

    public ReplicaLauncher(ChildProcesses children, Sandbox sandbox, ReplicaSecrets secrets, FreePorts ports,
            LocalFunctionLogs logs, String host, Duration stopTimeout, Clock clock) {
        this.children = children;
        this.sandbox = sandbox;
        this.secrets = secrets;
        this.ports = ports;
        this.logs = logs;
        this.host = host;
        this.stopTimeout = stopTimeout;
        this.clock = clock;
    }

    /**
     * Starts a replica of {@code built} with the function's secrets as of {@code secretsStamp}.
     *
     * @throws ReplicaSecrets.MissingSecret when a secret or key the function names does not exist
     */
    public Replica start(Function function, BuiltFunction built, String secretsStamp)
            throws IOException, ReplicaSecrets.MissingSecret {
        String instanceId = UUID.randomUUID().toString();
        ReplicaSecrets.Prepared secrets = this.secrets.prepare(function, instanceId);
        int port = ports.take();
        Map<String, String> env = ReplicaEnvironment.of(function, built, host, port, instanceId, secrets.env());
        Sandbox.Confined confined;
        Process process;
        try {
            Map<Path, Path> mounts = new java.util.HashMap<>();
            secrets.mounts().forEach(m -> mounts.put(m.source(), m.target()));
            confined = sandbox.replica(function, built, instanceId, mounts);
        } catch (IOException e) {
            ports.release(port);
            secrets.release();
            throw e;
        }
        try {
            // the replica's output goes straight into the function's log: no thread of ours reads it
            process = children.start(confined.command(), env, built.codeDir(), instanceId,
                    logs.file(function.namespace(), function.name()));
        } catch (IOException e) {
            ports.release(port);
            confined.confinement().release();
            secrets.release();
            throw e;
        }
        Replica replica = new Replica(instanceId, built.generation(), secretsStamp, new Endpoint(host, port), process,
                clock.instant(), confined.confinement());
        process.onExit().thenRun(() -> {
            ports.release(port);
            secrets.release();
        });
        log.debug("{}/{}: started {}", function.namespace(), function.name(), replica);
        return replica;
    }

    /** SIGTERM to the replica's whole session (the runtime finishes calls in flight), SIGKILL after the grace. */
    public void stop(Replica replica) {
        stopAll(List.of(replica));
    }

    /**
     * Stops many replicas in one grace period: every session gets SIGTERM at once, then whatever is left when all
     * have exited or the grace is over gets SIGKILL. Waiting parks on the processes' exit futures, so a thousand
     * replicas stop in one grace period without a thread each.
     */
    public void stopAll(List<Replica> replicas) {
        replicas.forEach(Replica::stopping);
        List<Replica> alive = replicas.stream().filter(r -> r.process().isAlive()).toList();
        ProcessSessions.signalAll(alive.stream().map(Replica::pid).toList(), ProcessSessions.Signal.TERM);
        try {
            CompletableFuture.allOf(alive.stream().map(r -> r.process().onExit()).toArray(CompletableFuture[]::new))
                    .get(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            long stubborn = alive.stream().filter(r -> r.process().isAlive()).count();
            log.warn("{} replica(s) ignored SIGTERM for {} s: killing them", stubborn, stopTimeout.toSeconds());
        } catch (ExecutionException e) {
            log.warn("waiting for replicas to stop failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // also reaches what the functions started and left behind in their sessions
        ProcessSessions.signalAll(replicas.stream().map(Replica::pid).toList(), ProcessSessions.Signal.KILL);
    }
}
