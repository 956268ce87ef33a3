package dev.nubo.runtimes.conformance;

import java.util.function.Consumer;
import java.util.function.Supplier;

import org.opentest4j.TestAbortedException;

/**
 * A step several checks need (the build, the main server): done by the first check that asks, whose failure
 * shows the cause; the checks after it are skipped instead of failing for the same reason again.
 */
final class Once<T> {

    private final String what;
    private final Supplier<T> step;
    private T value;
    private Throwable failure;

    Once(String what, Supplier<T> step) {
        this.what = what;
        this.step = step;
    }

    synchronized T get() {
        if (value != null) {
            return value;
        }
        if (failure instanceof TestAbortedException skipped) {
            throw skipped;
        }
        if (failure != null) {
            throw new TestAbortedException(what + " failed earlier: " + firstLine(failure));
        }
        try {
            value = step.get();
            return value;
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        }
    }

    /** Runs {@code action} on the value if the step succeeded (to clean up what it started). */
    synchronized void ifDone(Consumer<T> action) {
        if (value != null) {
            action.accept(value);
        }
    }

    private static String firstLine(Throwable t) {
        String message = String.valueOf(t.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
