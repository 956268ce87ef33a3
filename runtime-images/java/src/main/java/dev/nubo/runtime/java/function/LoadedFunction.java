package dev.nubo.runtime.java.function;

/**
 * A function ready to be called.
 *
 * @param classLoader the loader of the function's classes, made the calling thread's context class loader
 */
public record LoadedFunction(Invocable invocable, ClassLoader classLoader, FunctionContext context) {

    /** Calls the function's method; whatever it throws is passed on unwrapped. */
    @FunctionalInterface
    public interface Invocable {
        Object invoke(Call call) throws Throwable;
    }
}
