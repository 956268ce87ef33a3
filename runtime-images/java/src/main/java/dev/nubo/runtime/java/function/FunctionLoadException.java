package dev.nubo.runtime.java.function;

/** The function's code could not be loaded; the message says why in words a function author understands. */
public final class FunctionLoadException extends Exception {

    private static final long serialVersionUID = 1L;

    public FunctionLoadException(String message) {
        super(message);
    }

    public FunctionLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
