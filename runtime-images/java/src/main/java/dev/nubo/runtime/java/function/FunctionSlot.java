package dev.nubo.runtime.java.function;

import java.util.Optional;

/**
 * The function this server serves: none yet (warm pool, waiting to be specialized), a loaded one, or the reason
 * loading failed at start.
 */
public final class FunctionSlot {

    private volatile LoadedFunction function;
    private volatile String loadFailure;

    public Optional<LoadedFunction> function() {
        return Optional.ofNullable(function);
    }

    public Optional<String> loadFailure() {
        return Optional.ofNullable(loadFailure);
    }

    /** Neither loaded nor failed: a specialize request may still give it a function. */
    public boolean isEmpty() {
        return function == null && loadFailure == null;
    }

    public void fill(LoadedFunction loaded) {
        this.function = loaded;
    }

    public void fail(String reason) {
        this.loadFailure = reason;
    }
}
