package dev.nubo.controller.build;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.nubo.controller.process.ProcessSessions;
import dev.nubo.controller.process.ProcessSpawner;
import dev.nubo.controller.process.RunRecords;

/**
 * Runs one build command (dependency install, compile) to completion with a deadline, streaming its output and
 * keeping the last lines for the function's status. A timeout or an interrupt kills the command's whole session.
 */
public class CommandRunner {

    static final int KEPT_LINES = 25;

    private final ProcessSpawner spawner;
    private final RunRecords runRecords;

    public CommandRunner(ProcessSpawner spawner, RunRecords runRecords) {
        this.spawner = spawner;
        this.runRecords = runRecords;
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

    public Outcome run(List<String> command, Map<String, String> environment, Path workingDir, Duration timeout,
            Consumer<String> output) throws IOException, InterruptedException {
        String instance = UUID.randomUUID().toString();
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put(RunRecords.INSTANCE_VARIABLE, instance);
        Process process = spawner.start(command, env, workingDir);
        runRecords.record(process.pid(), instance);
        Deque<String> last = new ArrayDeque<>();
        Thread reader = Thread.ofVirtual().start(() -> copy(process, output, last));
        try {
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                ProcessSessions.signal(process.pid(), "KILL");
                process.waitFor(5, TimeUnit.SECONDS);
            }
            reader.join(Duration.ofSeconds(5));
            synchronized (last) {
                return new Outcome(finished ? process.exitValue() : -1, !finished, List.copyOf(last));
            }
        } catch (InterruptedException e) {
            ProcessSessions.signal(process.pid(), "KILL");
            throw e;
        } finally {
            runRecords.forget(process.pid());
        }
    }

    private static void copy(Process process, Consumer<String> output, Deque<String> last) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.accept(line);
                synchronized (last) {
                    last.addLast(line);
                    if (last.size() > KEPT_LINES) {
                        last.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // killed: what was read is kept
        }
    }
}
