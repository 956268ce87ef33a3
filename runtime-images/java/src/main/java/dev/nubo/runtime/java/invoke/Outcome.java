package dev.nubo.runtime.java.invoke;

/** How a call to the function ended. */
public sealed interface Outcome {

    record Returned(Object value) implements Outcome {
    }

    record Threw(Throwable error) implements Outcome {
    }

    record TimedOut() implements Outcome {
    }
}
