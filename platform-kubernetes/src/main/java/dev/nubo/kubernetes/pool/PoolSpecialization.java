package dev.nubo.kubernetes.pool;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Quantity;

import dev.nubo.core.function.FunctionSpec;
import dev.nubo.kubernetes.crd.FunctionResource;
import dev.nubo.kubernetes.function.FunctionCode;
import dev.nubo.kubernetes.function.RuntimeImage;
import dev.nubo.kubernetes.function.WorkloadSettings;

/**
 * Whether a waking function may take a pod of its runtime's warm pool, and what {@code POST /_nubo/specialize} tells
 * that pod (docs/function-contract.md). Pure: Function in, decision out.
 *
 * <p>A pool pod is a bare runtime container with the default resources: it has no {@code install-deps} or compile
 * step, no secret mounted or in its environment, and its limits cannot change once it runs; its runtime server
 * downloads the code itself, in the formats its runtime.json lists ({@code sourceFormats}: Node.js and Ruby have no
 * zip or tar reader in their standard library, so only a single file). A function that needs any of those waits for
 * its own Deployment's pod.
 *
 * @param language the pool's language ({@code nubo-pool-<language>})
 * @param body     the specialize request's JSON body
 */
public record PoolSpecialization(String language, Map<String, Object> body) {

    /** Where a pool pod keeps the code it is given: its one writable directory (KUBELESS_INSTALL_VOLUME). */
    public static final String CODE_DIR = RuntimeImage.TMP_DIR + "/code";

    public PoolSpecialization {
        body = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(body));
    }

    /** The specialization of {@code function}, or empty when it may not use a pool ({@link #refusal} says why). */
    public static Optional<PoolSpecialization> plan(FunctionResource function, WorkloadSettings settings) {
        if (refusal(function, settings) != null) {
            return Optional.empty();
        }
        FunctionSpec spec = function.getSpec();
        String namespace = function.getMetadata().getNamespace();
        String name = function.getMetadata().getName();
        RuntimeImage runtime = settings.runtimes().forRuntime(spec.runtime()).orElseThrow();
        FunctionCode code = FunctionCode.plan(namespace, name, spec, runtime, settings);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("codeDir", CODE_DIR);
        body.put("handler", spec.handler());
        body.put("functionName", name);
        body.put("timeout", spec.timeoutOrDefault());
        body.put("runtime", spec.runtime());
        body.put("memoryLimit", spec.resources() != null && spec.resources().memory() != null
                ? spec.resources().memory() : settings.defaultMemory());
        body.put("env", new LinkedHashMap<>(new java.util.TreeMap<>(spec.env())));
        // the pod has no code yet: it downloads it as the init container of a function pod would, checked by digest
        body.put("sourceUrl", code.delivery() == FunctionCode.Delivery.URL ? code.url()
                : FunctionCode.apiUrl(settings, namespace, name, code.sha256()));
        body.put("sourceSha256", code.sha256());
        body.put("sourceFormat", code.format());
        body.put("codeFile", code.codeFile());
        return Optional.of(new PoolSpecialization(settings.runtimes().languageOf(spec.runtime()).orElseThrow(), body));
    }

    /** Why {@code function} may not take a pool pod, or null when it may. */
    public static String refusal(FunctionResource function, WorkloadSettings settings) {
        FunctionSpec spec = function.getSpec();
        if (spec == null || spec.source() == null || spec.source().kindsGiven() != 1 || spec.handler() == null) {
            return "no runnable spec";
        }
        Optional<RuntimeImage> runtime = settings.runtimes().forRuntime(spec.runtime());
        if (runtime.isEmpty()) {
            return "runtime " + spec.runtime() + " has no image";
        }
        if (runtime.get().compiles()) {
            return "runtime " + spec.runtime() + " compiles each function: it has no pool";
        }
        if (spec.hasDeps() && runtime.get().installsDependencies()) {
            return "it has a dependency file to install";
        }
        String format = FunctionCode.formatOf(spec.source());
        if (!runtime.get().fetchesSource(format)) {
            return "its code is a " + format + " source, which a " + spec.runtime() + " pool pod cannot unpack";
        }
        if (!spec.secrets().isEmpty()) {
            return "it reads secrets a pool pod does not have";
        }
        if (spec.resources() != null && (!same(spec.resources().memory(), settings.defaultMemory())
                || !same(spec.resources().cpu(), settings.defaultCpu()))) {
            return "its resources differ from the pool pods' defaults";
        }
        return null;
    }

    /** Unset means the default; otherwise compared as quantities (1024Mi = 1Gi). */
    private static boolean same(String asked, String pooled) {
        return asked == null || new Quantity(asked).getNumericalAmount()
                .compareTo(new Quantity(pooled).getNumericalAmount()) == 0;
    }
}
