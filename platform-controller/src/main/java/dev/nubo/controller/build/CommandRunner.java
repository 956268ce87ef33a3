package dev.nubo.controller.build;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import dev.nubo.controller.Directories;
import dev.nubo.controller.logs.LastLines;
import dev.nubo.controller.process.ChildProcesses;
import dev.nubo.controller.process.ProcessSessions;
import dev.nubo.controller.sandbox.Sandbox;

/**
 * Runs one build command (dependency install, compile) to completion with a deadline, streaming its output and
 * keeping the last lines for the function's status. A timeout or an interrupt kills the command's whole session.
 *
 * <p>The output pipe is read by a platform thread: a blocking pipe read would pin a virtual thread's carrier for
 * the whole build. Builds run a few at a time (admission), so these threads are few. The wait for the command's end
 * parks on {@link Process#onExit()} instead of blocking in {@code waitpid}.
 */
public class CommandRunner {

    static final int KEPT_LINES = 25;

    private final ChildProcesses children;
    private final Sandbox sandbox;
    private final Path scratchRoot;

    /** @param scratchRoot where each build step gets a directory of its own as /tmp */
    public CommandRunner(ChildProcesses children, Sandbox sandbox, Path scratchRoot) {
        this.children = children;
        this.sandbox = sandbox;
        this.scratchRoot = scratchRoot;
    }

    /** What a finished command left: exit code (-1 on timeout) and its last lines. */
    public record Outcome(int exitCode, boolean timedOut, List<String> lastLines) {
        public boolean succeeded() {
            return exitCode == 0 && !timedOut;
        }

        public String tail() {
            return String.join("\n", lastLines);
        }
    }

    /**
     * Runs {@code command} in the sandbox: it reads {@code readable} (and the system), writes {@code writable}
     * (the working directory among them, when it should), and may use the network.
     */
    public Outcome run(List<String> command, Map<String, String> environment, Path workingDir, List<Path> readable,
            List<Path> writable, Duration timeout, Consumer<String> output) throws IOException, InterruptedException {
        String instanceId = UUID.randomUUID().toString();
        Path scratch = Files.createDirectories(scratchRoot.resolve(instanceId));
        Sandbox.Confined confined = sandbox.build(command, workingDir, readable, writable, scratch, instanceId);
        try {
            Outcome outcome = run(confined.command(), environment, workingDir, timeout, output, instanceId);
            if (confined.confinement().oomKilled()) {
                List<String> lines = new java.util.ArrayList<>(outcome.lastLines());
                lines.add("(killed: the build step ran out of memory)");
                return new Outcome(outcome.exitCode(), outcome.timedOut(), lines);
            }
            return outcome;
        } finally {
            confined.confinement().release();
            Directories.deleteTree(scratch);
        }
    }

    private Outcome run(List<String> command, Map<String, String> environment, Path workingDir, Duration timeout,
            Consumer<String> output, String instanceId) throws IOException, InterruptedException {
        Process process = children.start(command, environment, workingDir, instanceId);
        LastLines last = new LastLines(KEPT_LINES);
        Thread reader = Thread.ofPlatform().daemon(true).name("nubo-build-output-" + process.pid())
                .start(() -> copy(process, output, last));
        try {
            boolean finished = awaitExit(process, timeout);
            if (!finished) {
                ProcessSessions.signal(process.pid(), ProcessSessions.Signal.KILL);
                awaitExit(process, Duration.ofSeconds(5));
            }
            reader.join(Duration.ofSeconds(5));
            return new Outcome(finished ? process.exitValue() : -1, !finished, last.snapshot());
        } catch (InterruptedException e) {
            ProcessSessions.signal(process.pid(), ProcessSessions.Signal.KILL);
            throw e;
        }
    }

    private static boolean awaitExit(Process process, Duration timeout) throws InterruptedException {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for process " + process.pid() + " failed", e.getCause());
        }
    }

    private static void copy(Process process, Consumer<String> output, LastLines last) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.accept(line);
                last.add(line);
            }
        } catch (IOException e) {
            // killed: what was read is kept
        }
    }
}
