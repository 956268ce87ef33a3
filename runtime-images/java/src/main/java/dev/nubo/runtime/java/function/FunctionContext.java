package dev.nubo.runtime.java.function;

import java.time.Duration;

/**
 * The per-function values every call shares.
 *
 * @param timeoutText the timeout as passed to {@code context.timeout} (Kubeless style, seconds as a string)
 */
public record FunctionContext(String functionName, Duration timeout, String timeoutText, String runtime,
        String memoryLimit) {
}
