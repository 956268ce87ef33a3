package dev.nubo.runtimes.conformance;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/** Ending the main server the way the platform does. Runs after every other check of the main server. */
final class LifecycleChecks extends CheckGroup {

    private static final Duration GRACE = Duration.ofSeconds(10);

    LifecycleChecks(RuntimeUnderTest runtime) {
        super(runtime);
    }

    @Override
    List<Check> checks() {
        return List.of(new Check("exits 0 within 10 s of SIGTERM", this::sigterm));
    }

    private void sigterm() {
        ServerProcess server = runtime.server();
        long started = System.nanoTime();
        OptionalInt exit = server.terminate(GRACE);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        runtime.report().note(runtime.id(), "SIGTERM: " + (exit.isPresent() ? "exit " + exit.getAsInt() : "still running")
                + " after " + took.toMillis() + " ms");
        if (exit.isEmpty() || exit.getAsInt() != 0) {
            throw new AssertionError("expected exit code 0 within " + GRACE.toSeconds() + " s of SIGTERM, got "
                    + (exit.isPresent() ? exit.getAsInt() : "no exit") + "\n" + server.logTail());
        }
    }
}
