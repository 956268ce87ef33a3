package dev.nubo.core.function;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the user asks for. Kubeless fields are kept, in camelCase; defaults are filled by
 * {@link #withDefaults(int)} when a function is stored.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionSpec(
        String runtime,
        String handler,
        FunctionSource source,
        String deps,
        Map<String, String> env,
        Integer timeoutSeconds,
        Resources resources,
        Scaling scaling,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<SecretRef> secrets) {

    public static final int DEFAULT_TIMEOUT_SECONDS = 30;

    public FunctionSpec {
        env = env == null ? Map.of() : Map.copyOf(env);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    /** A spec that uses no secrets. */
    public FunctionSpec(String runtime, String handler, FunctionSource source, String deps, Map<String, String> env,
            Integer timeoutSeconds, Resources resources, Scaling scaling) {
        this(runtime, handler, source, deps, env, timeoutSeconds, resources, scaling, List.of());
    }

    /** The module part of the handler ({@code hello} of {@code hello.handler}; everything before the last dot). */
    @JsonIgnore
    public String moduleName() {
        int dot = handler.lastIndexOf('.');
        return dot < 0 ? handler : handler.substring(0, dot);
    }

    /** The function part of the handler (after the last dot). */
    @JsonIgnore
    public String functionName() {
        int dot = handler.lastIndexOf('.');
        return dot < 0 ? "" : handler.substring(dot + 1);
    }

    @JsonIgnore
    public boolean hasDeps() {
        return deps != null && !deps.isBlank();
    }

    @JsonIgnore
    public int timeoutOrDefault() {
        return timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
    }

    public FunctionSpec withDefaults(int defaultTimeoutSeconds) {
        return new FunctionSpec(runtime, handler, source, deps == null ? "" : deps, env,
                timeoutSeconds == null ? defaultTimeoutSeconds : timeoutSeconds,
                resources == null ? new Resources(null, null) : resources,
                Scaling.withDefaults(scaling), secrets);
    }

    public FunctionSpec withRuntime(String newRuntime) {
        return new FunctionSpec(newRuntime, handler, source, deps, env, timeoutSeconds, resources, scaling, secrets);
    }
}
