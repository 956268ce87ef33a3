package dev.nubo.controller.replica;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nubo.controller.build.BuiltFunction;
import dev.nubo.controller.logs.LocalFunctionLogs;
import dev.nubo.controller.process.ChildProcesses;
import dev.nubo.controller.process.ProcessSessions;
import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.function.Function;

/** Starts and stops replicas as local processes. */
public class ReplicaLauncher {

    private static final Logger log = LoggerFactory.getLogger(ReplicaLauncher.class);

    private final ChildProcesses children;
    private final FreePorts ports;
    private final LocalFunctionLogs logs;
    private final String host;
    private final Duration stopTimeout;
    private final Clock clock;

    public ReplicaLauncher(ChildProcesses children, FreePorts ports, LocalFunctionLogs logs, String host,
            Duration stopTimeout, Clock clock) {
        this.children = children;
        this.ports = ports;
        this.logs = logs;
        this.host = host;
        this.stopTimeout = stopTimeout;
        this.clock = clock;
    }

    public Replica start(Function function, BuiltFunction built) throws IOException {
        String instanceId = UUID.randomUUID().toString();
        int port = ports.take();
        Map<String, String> env = ReplicaEnvironment.of(function, built, host, port, instanceId);
        Process process;
        try {
            process = children.start(built.commands().start(), env, built.codeDir(), instanceId);
        } catch (IOException e) {
            ports.release(port);
            throw e;
        }
        Replica replica = new Replica(instanceId, built.generation(), new Endpoint(host, port), process, clock.instant());
        logs.pump(function.namespace(), function.name(), process.getInputStream(), "", replica::remember);
        process.onExit().thenRun(() -> ports.release(port));
        log.info("{}/{}: started {}", function.namespace(), function.name(), replica);
        return replica;
    }

    /** SIGTERM to the replica's whole session (the runtime finishes calls in flight), SIGKILL after the grace. */
    public void stop(Replica replica) {
        stopAll(List.of(replica));
    }

    /** Stops many replicas in one grace period: all get SIGTERM at once, then whatever is left gets SIGKILL. */
    public void stopAll(List<Replica> replicas) {
        List<Replica> alive = replicas.stream().filter(r -> r.process().isAlive()).toList();
        replicas.forEach(r -> r.state(Replica.State.STOPPING));
        alive.forEach(r -> ProcessSessions.signal(r.pid(), "TERM"));
        long deadline = System.nanoTime() + stopTimeout.toNanos();
        try {
            for (Replica replica : alive) {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!replica.process().waitFor(left, TimeUnit.NANOSECONDS)) {
                    log.warn("{} ignored SIGTERM for {} s: killing it", replica, stopTimeout.toSeconds());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // also reaches what the functions started and left behind in their sessions
        replicas.forEach(r -> ProcessSessions.signal(r.pid(), "KILL"));
    }
}
