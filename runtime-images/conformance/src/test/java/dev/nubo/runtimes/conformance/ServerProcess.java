package dev.nubo.runtimes.conformance;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/** One runtime server running as a local process, its output going to log files. */
final class ServerProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final long startedNanos;
    private final int port;
    private final String instanceId;
    private final Path stdout;
    private final Path stderr;
    private final FunctionClient client;
    private volatile Duration startupTime;

    private ServerProcess(String name, Process process, long startedNanos, int port, String instanceId, Path stdout,
            Path stderr) {
        this.name = name;
        this.process = process;
        this.startedNanos = startedNanos;
        this.port = port;
        this.instanceId = instanceId;
        this.stdout = stdout;
        this.stderr = stderr;
        this.client = new FunctionClient(URI.create("http://127.0.0.1:" + port));
    }

    /** Starts {@code command} with exactly {@code env} (nothing inherited) in {@code workingDir}. */
    static ServerProcess start(String name, List<String> command, Map<String, String> env, Path workingDir,
            Path logDir, int port, String instanceId) {
        Path stdout = logDir.resolve(name + ".stdout.log");
        Path stderr = logDir.resolve(name + ".stderr.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        long started = System.nanoTime();
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            return new ServerProcess(name, process, started, port, instanceId, stdout, stderr);
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command + ": " + e.getMessage(), e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FunctionClient client() {
        return client;
    }

    String instanceId() {
        return instanceId;
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until /healthz answers 200; returns the time from process start to that answer. */
    Duration awaitHealthy(Duration atMost, Duration pollInterval) {
        long[] healthyAt = new long[1];
        try {
            await(name + " /healthz").atMost(atMost).pollDelay(Duration.ZERO).pollInterval(pollInterval)
                    .failFast(name + " exited", () -> !process.isAlive())
                    .until(() -> {
                        Reply reply = client.healthzOrNull(Duration.ofSeconds(2));
                        healthyAt[0] = System.nanoTime();
                        return reply != null && reply.status() == 200;
                    });
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(name + " did not answer /healthz 200 within " + atMost.toSeconds() + " s"
                    + exitNote() + "\n" + logTail(), e);
        }
        startupTime = Duration.ofNanos(healthyAt[0] - startedNanos);
        return startupTime;
    }

    /** Process start to first /healthz 200, once {@link #awaitHealthy} returned. */
    Duration startupTime() {
        return startupTime;
    }

    /** Sends SIGTERM and waits up to {@code atMost}; the exit code, or empty if it is still running. */
    OptionalInt terminate(Duration atMost) {
        process.destroy();
        try {
            return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)
                    ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    String stdout() {
        return FileTrees.read(stdout);
    }

    String stderr() {
        return FileTrees.read(stderr);
    }

    String logTail() {
        return "--- " + stdout.getFileName() + " (tail)\n" + FileTrees.tail(stdout, 20)
                + "\n--- " + stderr.getFileName() + " (tail)\n" + FileTrees.tail(stderr, 30);
    }

    /** Kills the server and whatever it started, if still running. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String exitNote() {
        return process.isAlive() ? "" : " (exited with " + process.exitValue() + ")";
    }

    @Override
    public String toString() {
        return name + " on port " + port;
    }
}
