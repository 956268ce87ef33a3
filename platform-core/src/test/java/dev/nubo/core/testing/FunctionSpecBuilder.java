package dev.nubo.core.testing;

import java.util.List;
import java.util.Map;

import dev.nubo.core.function.FunctionAccess;
import dev.nubo.core.function.FunctionSource;
import dev.nubo.core.function.FunctionSpec;
import dev.nubo.core.function.Resources;
import dev.nubo.core.function.Scaling;
import dev.nubo.core.function.SecretRef;

/**
 * A {@link FunctionSpec} for tests, field by field, so a test names only the fields it is about (the record has ten,
 * most of them optional). Fields not set stay null, as a user who leaves them out of a request.
 */
public final class FunctionSpecBuilder {

    private String runtime;
    private String handler;
    private FunctionSource source;
    private String deps;
    private Map<String, String> env;
    private Integer timeoutSeconds;
    private Resources resources;
    private Scaling scaling;
    private List<SecretRef> secrets;
    private FunctionAccess access;

    private FunctionSpecBuilder() {
    }

    public static FunctionSpecBuilder spec(String runtime, String handler, FunctionSource source) {
        return new FunctionSpecBuilder().runtime(runtime).handler(handler).source(source);
    }

    /** The python3.11 function {@code hello.handler} with this inline code. */
    public static FunctionSpecBuilder python(String code) {
        return spec("python3.11", "hello.handler", FunctionSource.inline(code));
    }

    /** Every field of {@code spec}, to change some. */
    public static FunctionSpecBuilder from(FunctionSpec spec) {
        return spec(spec.runtime(), spec.handler(), spec.source()).deps(spec.deps()).env(spec.env())
                .timeoutSeconds(spec.timeoutSeconds()).resources(spec.resources()).scaling(spec.scaling())
                .secrets(spec.secrets()).access(spec.access());
    }

    public FunctionSpecBuilder runtime(String value) {
        runtime = value;
        return this;
    }

    public FunctionSpecBuilder handler(String value) {
        handler = value;
        return this;
    }

    public FunctionSpecBuilder source(FunctionSource value) {
        source = value;
        return this;
    }

    public FunctionSpecBuilder deps(String value) {
        deps = value;
        return this;
    }

    public FunctionSpecBuilder env(Map<String, String> value) {
        env = value;
        return this;
    }

    public FunctionSpecBuilder timeoutSeconds(Integer value) {
        timeoutSeconds = value;
        return this;
    }

    public FunctionSpecBuilder resources(Resources value) {
        resources = value;
        return this;
    }

    public FunctionSpecBuilder scaling(Scaling value) {
        scaling = value;
        return this;
    }

    public FunctionSpecBuilder secrets(List<SecretRef> value) {
        secrets = value;
        return this;
    }

    public FunctionSpecBuilder access(FunctionAccess value) {
        access = value;
        return this;
    }

    public FunctionSpec build() {
        return new FunctionSpec(runtime, handler, source, deps, env, timeoutSeconds, resources, scaling, secrets,
                access);
    }
}
