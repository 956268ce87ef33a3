package dev.nubo.core.function;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the user asks for. Kubeless fields are kept, in camelCase; defaults are filled by
 * {@link #withDefaults(int)} when a function is stored.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionSpec(
        @JsonPropertyDescription("Runtime id, e.g. python3.11 or nodejs20; Kubeless ids are mapped to the nearest installed runtime.")
        String runtime,
        @JsonPropertyDescription("<module>.<function>: the file without its extension, and the function in it that answers calls.")
        String handler,
        @JsonPropertyDescription("The code: exactly one of inline, zip, tarGz or url with sha256.")
        FunctionSource source,
        @JsonPropertyDescription("Dependency file of the runtime (requirements.txt, package.json, Gemfile, composer.json, go.mod, pom.xml), installed before the function starts.")
        String deps,
        @JsonPropertyDescription("Environment variables of the function; the FUNC_* contract variables cannot be overridden.")
        Map<String, String> env,
        @JsonPropertyDescription("Seconds a call may take before the runtime answers 408 (default 30).")
        Integer timeoutSeconds,
        @JsonPropertyDescription("Memory and CPU limit of each replica (Kubernetes quantities).")
        Resources resources,
        @JsonPropertyDescription("Replica bounds and the target number of calls in flight per replica.")
        Scaling scaling,
        @JsonPropertyDescription("Secrets of the namespace handed to the function as environment variables and/or files.")
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<SecretRef> secrets,
        @JsonPropertyDescription("Who may call the function through the gateway (public, token or basic) and its rate limit; left out: the platform's default (nubo.gateway.default-access, public unless set).")
        FunctionAccess access) {

    public static final int DEFAULT_TIMEOUT_SECONDS = 30;

    public FunctionSpec {
        env = env == null ? Map.of() : Map.copyOf(env);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
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
                Scaling.withDefaults(scaling), secrets, access == null ? null : access.withDefaults());
    }

    /** The spec as lists show it: everything but the code (a list of a namespace must not ship every function's source). */
    public FunctionSpec withoutSource() {
        return new FunctionSpec(runtime, handler, null, deps, env, timeoutSeconds, resources, scaling, secrets, access);
    }

    public FunctionSpec withRuntime(String newRuntime) {
        return new FunctionSpec(newRuntime, handler, source, deps, env, timeoutSeconds, resources, scaling, secrets,
                access);
    }
}
