package dev.nubo.runtime.java.specialize;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.nubo.runtime.java.function.HandlerName;
import dev.nubo.runtime.java.json.Json;
import dev.nubo.runtime.java.json.JsonException;

/**
 * The body of {@code POST /_nubo/specialize}.
 *
 * @param timeoutText seconds as given (a number in the body), empty for the server's {@code FUNC_TIMEOUT}
 * @param logFile     where stdout and stderr go from now on (a pooled server's output went elsewhere until now)
 */
record SpecializeRequest(
        Path codeDir,
        Optional<Path> depsDir,
        Optional<Path> buildDir,
        HandlerName handler,
        Optional<String> functionName,
        Optional<String> timeoutText,
        Optional<String> runtime,
        Optional<String> memoryLimit,
        Map<String, String> env,
        Optional<String> logFile) {

    /** @throws IllegalArgumentException when the body is not such a request, with a message saying why */
    static SpecializeRequest parse(String body) {
        Map<?, ?> json = object(body);
        return new SpecializeRequest(
                Path.of(requiredString(json, "codeDir")),
                optionalString(json, "depsDir").map(Path::of),
                optionalString(json, "buildDir").map(Path::of),
                HandlerName.parse(requiredString(json, "handler")),
                optionalString(json, "functionName"),
                timeout(json.get("timeout")),
                optionalString(json, "runtime"),
                optionalString(json, "memoryLimit"),
                env(json.get("env")),
                optionalString(json, "logFile"));
    }

    private static Map<?, ?> object(String body) {
        try {
            if (Json.parse(body) instanceof Map<?, ?> map) {
                return map;
            }
            throw new IllegalArgumentException("body must be a JSON object");
        } catch (JsonException e) {
            throw new IllegalArgumentException("body is not valid JSON: " + e.getMessage());
        }
    }

    private static String requiredString(Map<?, ?> json, String name) {
        return optionalString(json, name)
                .orElseThrow(() -> new IllegalArgumentException(name + " is required"));
    }

    private static Optional<String> optionalString(Map<?, ?> json, String name) {
        Object value = json.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private static Optional<String> timeout(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Number number) || number.doubleValue() <= 0) {
            throw new IllegalArgumentException("timeout must be a positive number of seconds");
        }
        return Optional.of(new BigDecimal(number.toString()).stripTrailingZeros().toPlainString());
    }

    private static Map<String, String> env(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("env must be an object of strings");
        }
        Map<String, String> env = new LinkedHashMap<>();
        map.forEach((name, text) -> {
            // JSON member names are strings; a process environment name may not be empty or hold '='
            String variable = (String) name;
            if (!(text instanceof String s) || variable.isEmpty() || variable.contains("=")) {
                throw new IllegalArgumentException("env must be an object of strings, with names without '='");
            }
            env.put(variable, s);
        });
        return env;
    }
}
