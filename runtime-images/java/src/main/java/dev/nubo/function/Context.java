package dev.nubo.function;

/**
 * The function's environment.
 *
 * @param functionName the function's name
 * @param timeout      seconds per call, as a string (Kubeless style), e.g. {@code "180"}
 * @param runtime      the runtime id, e.g. {@code java21}
 * @param memoryLimit  e.g. {@code 256Mi}; {@code ""} when unset
 */
public record Context(String functionName, String timeout, String runtime, String memoryLimit) {
}
