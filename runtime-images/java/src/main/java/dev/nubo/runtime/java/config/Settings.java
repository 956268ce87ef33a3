package dev.nubo.runtime.java.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the server reads from its environment (docs/function-contract.md, "Environment").
 *
 * @param buildDir where the compile step put the function's classes ({@code NUBO_BUILD_DIR}, set by runtime.json;
 *                 defaults to the code directory, for classes compiled next to their sources)
 */
public record Settings(
        Optional<String> moduleName,
        Optional<String> handlerName,
        Duration timeout,
        String timeoutText,
        String host,
        int port,
        String runtime,
        String memoryLimit,
        String functionName,
        Path codeDir,
        Optional<Path> depsDir,
        Path buildDir,
        Optional<String> instanceId,
        Optional<String> specializeToken,
        long maxBodyBytes) {

    public static final String DEFAULT_TIMEOUT = "180";

    public static Settings fromEnvironment(Map<String, String> env) {
        Optional<String> moduleName = nonEmpty(env.get("MOD_NAME"));
        String timeoutText = nonEmpty(env.get("FUNC_TIMEOUT")).orElse(DEFAULT_TIMEOUT);
        Path codeDir = Path.of(nonEmpty(env.get("KUBELESS_INSTALL_VOLUME")).orElse("/kubeless"));
        return new Settings(
                moduleName,
                nonEmpty(env.get("FUNC_HANDLER")),
                seconds(timeoutText),
                timeoutText,
                nonEmpty(env.get("FUNC_HOST")).orElse("0.0.0.0"),
                Integer.parseInt(nonEmpty(env.get("FUNC_PORT")).orElse("8080")),
                env.getOrDefault("FUNC_RUNTIME", ""),
                env.getOrDefault("FUNC_MEMORY_LIMIT", ""),
                nonEmpty(env.get("FUNC_NAME")).or(() -> moduleName).orElse(""),
                codeDir,
                nonEmpty(env.get("NUBO_DEPS_DIR")).map(Path::of),
                nonEmpty(env.get("NUBO_BUILD_DIR")).map(Path::of).orElse(codeDir),
                nonEmpty(env.get("NUBO_INSTANCE_ID")),
                nonEmpty(env.get("NUBO_SPECIALIZE_TOKEN")),
                Long.parseLong(nonEmpty(env.get("NUBO_MAX_BODY_BYTES")).orElse("16777216")));
    }

    /** Started with a function to serve, rather than waiting in the warm pool. */
    public boolean specializedAtStart() {
        return moduleName.isPresent() && handlerName.isPresent();
    }

    /** Seconds, possibly fractional ("0.5"), as a duration. */
    public static Duration seconds(String text) {
        double seconds = Double.parseDouble(text.trim());
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("timeout must be a positive number of seconds: " + text);
        }
        return Duration.ofNanos((long) (seconds * 1_000_000_000L));
    }

    private static Optional<String> nonEmpty(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
