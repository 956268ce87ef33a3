package dev.nubo.controller.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts every child process of the platform (builds and replicas) from one long-lived platform thread.
 *
 * <p>Why one thread: each child runs under {@code setpriv --pdeathsig KILL}, so it dies when the platform dies,
 * even by kill -9. Linux sends that signal when the <em>thread</em> that spawned the child exits, so spawning
 * from a pooled or virtual thread would kill children at random. Each child also gets its own session
 * ({@code setsid}), so stopping it can reach everything it started. And each child runs at a lower CPU priority
 * ({@code nice}) than the platform, so the API, the gateway and the triggers keep answering while hundreds of
 * functions start or spin on a small machine.
 *
 * <p>Where the kernel groups tasks by session for scheduling (autogroup, on by default on desktop and many server
 * kernels), a new session gets a scheduling group of its own that weighs as much as the platform's whole group, and
 * a task's nice only counts inside its group: four Python starts in their own sessions took four fifths of the CPU
 * from the platform, and the API's p99 followed. So the child's new session gets the same niceness as its group's.
 */
public class ProcessSpawner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProcessSpawner.class);
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Path NICE = Path.of("/usr/bin/nice");
    private static final Path SH = Path.of("/bin/sh");
    /**
     * Runs after the parent-death signal is set: when the platform died while the child was starting, the signal
     * came too early to reach it and the child has a new parent already; it must not go on (nor could a later run
     * find it: its run record is written after the start returns). The shell's own PWD does not reach the child.
     */
    private static final String ONLY_WHILE_PARENT_LIVES = "[ \"$PPID\" = \"$0\" ] || exit 70; unset PWD; exec \"$@\"";
    /**
     * Runs in the child's new session: its scheduling group (autogroup) gets the niceness (where the kernel has no
     * autogroup the write fails, silently, and nothing else changes).
     */
    private static final String LOWER_SESSION_GROUP = "{ echo \"$0\" > /proc/self/autogroup; } 2>/dev/null; exec \"$@\"";
    private static final java.io.File DEV_NULL = new java.io.File("/dev/null");

    private record Request(ProcessBuilder builder, CompletableFuture<Process> result) {
    }

    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final boolean dieWithParent;
    private final boolean ownSession;
    private final int niceness;
    private volatile boolean closed;

    /** Children at the platform's own CPU priority. */
    public ProcessSpawner() {
        this(0);
    }

    /** Children {@code niceness} (0–19) below the platform's CPU priority. */
    public ProcessSpawner(int niceness) {
        if (niceness < 0 || niceness > 19) {
            throw new IllegalArgumentException("niceness must be 0..19, was " + niceness);
        }
        this.niceness = Files.isExecutable(NICE) ? niceness : 0;
        this.dieWithParent = Files.isExecutable(SETPRIV);
        this.ownSession = Files.isExecutable(SETSID);
        if (!dieWithParent) {
            log.warn("{} not found: function processes may outlive a killed platform (they are cleaned up at the next"
                    + " start)", SETPRIV);
        }
        Thread.ofPlatform().name("nubo-process-spawner").daemon(true).start(this::serve);
    }

    /**
     * Starts {@code command} with exactly {@code environment} (nothing inherited), in {@code workingDir}, with
     * stdout and stderr merged into one pipe, and stdin empty.
     */
    public Process start(List<String> command, Map<String, String> environment, Path workingDir) throws IOException {
        return start(command, environment, workingDir, null);
    }

    /**
     * Like {@link #start(List, Map, Path)}, but stdout and stderr go straight to the end of {@code outputFile} (when
     * not null): the OS writes them, so no platform thread has to read a pipe for as long as the child lives.
     */
    public Process start(List<String> command, Map<String, String> environment, Path workingDir, Path outputFile)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(wrap(command)).directory(workingDir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
        if (outputFile != null) {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile.toFile()));
        }
        builder.environment().clear();
        builder.environment().putAll(environment);
        if (closed) {
            throw new IOException("the platform is shutting down");
        }
        CompletableFuture<Process> result = new CompletableFuture<>();
        requests.add(new Request(builder, result));
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.thenAccept(Process::destroyForcibly);
            throw new IOException("interrupted while starting " + command.getFirst(), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>();
        if (dieWithParent) {
            wrapped.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
            wrapped.addAll(onlyWhileThePlatformLives());
        }
        if (ownSession) {
            wrapped.add(SETSID.toString());
        }
        if (niceness > 0) {
            if (ownSession) {
                wrapped.addAll(List.of(SH.toString(), "-c", LOWER_SESSION_GROUP, Integer.toString(niceness)));
            }
            wrapped.addAll(List.of(NICE.toString(), "-n", Integer.toString(niceness)));
        }
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * A prefix that runs the command only while this platform is still its parent. Every wrapper up to the command
     * execs in place, so the parent stays the platform; put it after each step that arms the parent-death signal.
     */
    public static List<String> onlyWhileThePlatformLives() {
        return List.of(SH.toString(), "-c", ONLY_WHILE_PARENT_LIVES, Long.toString(ProcessHandle.current().pid()));
    }

    /**
     * Never returns: the thread must outlive every child it started. Its exit is what sends the parent-death signal,
     * and a child still starting when it exits arms that signal too late and lives on (a pool server started while the
     * platform shut down did, reparented to init); the shell check before the command catches only a dead process.
     * It is a daemon, so it ends with the JVM — and then every child gets the signal.
     */
    private void serve() {
        while (true) {
            Request request;
            try {
                request = requests.take();
            } catch (InterruptedException e) {
                continue; // only the JVM's exit ends this thread
            }
            if (closed) {
                request.result().completeExceptionally(new IOException("the platform is shutting down"));
                continue;
            }
            try {
                Process process = request.builder().start();
                request.result().complete(process);
            } catch (IOException | RuntimeException e) {
                request.result().completeExceptionally(e);
            }
        }
    }

    /** Starts nothing more; children already started stay until they are stopped or the JVM exits. */
    @Override
    public void close() {
        closed = true;
    }
}
