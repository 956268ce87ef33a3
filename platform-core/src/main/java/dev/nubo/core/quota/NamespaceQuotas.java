package dev.nubo.core.quota;

import java.util.List;
import java.util.Objects;

import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionSource;
import dev.nubo.core.function.FunctionSpec;
import dev.nubo.core.function.Quantities;
import dev.nubo.core.function.Scaling;
import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.store.ResourceStore;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.ValidationException;

/**
 * Checks each write against its namespace's quota before it is stored, and tells what is in use. A function's memory
 * counts at its limit, or at {@code defaultMemory} (the backend's default limit) when it sets none.
 */
public class NamespaceQuotas {

    /** What a namespace uses, in the quota's units. */
    public record Usage(int functions, int triggers, int replicas, long memoryBytes, long largestCodeBytes,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            Double callsPerSecond) {
    }

    private final QuotaStore quotas;
    private final FunctionStore functions;
    private final List<? extends ResourceStore<?, ?, ?>> triggerStores;
    private final long defaultMemoryBytes;
    private volatile GatewayCallRates callRates = GatewayCallRates.NONE;

    public NamespaceQuotas(QuotaStore quotas, FunctionStore functions, List<? extends ResourceStore<?, ?, ?>> triggerStores,
            String defaultMemory) {
        this.quotas = quotas;
        this.functions = functions;
        this.triggerStores = triggerStores;
        this.defaultMemoryBytes = Quantities.bytes(defaultMemory);
    }

    /** Where the calls per second shown in the usage come from (the gateway, when it runs in this process). */
    public void measuredBy(GatewayCallRates rates) {
        this.callRates = rates == null ? GatewayCallRates.NONE : rates;
    }

    public Quota quota(String namespace) {
        return quotas.get(namespace);
    }

    public void setQuota(String namespace, Quota quota) {
        List<FieldError> errors = quota.errors();
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        quotas.put(namespace, quota);
    }

    public Usage usage(String namespace) {
        List<Function> held = functions.list(namespace);
        long memory = held.stream().mapToLong(f -> memoryBytes(f.spec())).sum();
        return new Usage(held.size(), triggers(namespace), held.stream().mapToInt(f -> maxReplicas(f.spec())).sum(),
                memory, held.stream().mapToLong(f -> codeBytes(f.spec())).max().orElse(0),
                callRates.callsPerSecond(namespace));
    }

    /** 403 {@code QUOTA_EXCEEDED} naming the quota when storing {@code function} (new, or replacing its namesake) would go over. */
    public void checkFunction(String namespace, Function function, boolean replacing) {
        Quota quota = quotas.get(namespace);
        if (quota.equals(Quota.NONE) || function.spec() == null) {
            return;
        }
        List<Function> others = functions.list(namespace).stream()
                .filter(f -> !(replacing && Objects.equals(f.metadata().name(), function.metadata().name()))).toList();
        FunctionSpec spec = function.spec();
        over(namespace, "functions", quota.functions(), others.size() + 1);
        over(namespace, "replicas", quota.replicas(),
                others.stream().mapToInt(f -> maxReplicas(f.spec())).sum() + maxReplicas(spec));
        if (quota.memory() != null) {
            long used = others.stream().mapToLong(f -> memoryBytes(f.spec())).sum() + memoryBytes(spec);
            if (used > Quantities.bytes(quota.memory())) {
                throw exceeded(namespace, "memory", "the replicas would need " + used + " bytes at most; the quota is "
                        + quota.memory());
            }
        }
        if (quota.codeBytes() != null && codeBytes(spec) > quota.codeBytes()) {
            throw exceeded(namespace, "codeBytes", "the code is " + codeBytes(spec) + " bytes; the quota is "
                    + quota.codeBytes() + " per function");
        }
    }

    /** Before a new trigger of any kind is stored. */
    public void checkNewTrigger(String namespace) {
        over(namespace, "triggers", quotas.get(namespace).triggers(), triggers(namespace) + 1);
    }

    private int triggers(String namespace) {
        return triggerStores.stream().mapToInt(store -> store.list(namespace).size()).sum();
    }

    private static void over(String namespace, String name, Integer limit, long wanted) {
        if (limit != null && wanted > limit) {
            throw exceeded(namespace, name, "this would make " + wanted + "; the quota is " + limit);
        }
    }

    private static ProblemException exceeded(String namespace, String quota, String detail) {
        return new ProblemException(403, ProblemCodes.QUOTA_EXCEEDED, "Quota exceeded",
                "quota " + quota + " of namespace " + namespace + ": " + detail);
    }

    private static int maxReplicas(FunctionSpec spec) {
        return spec.scaling() == null ? Scaling.DEFAULT_REPLICAS : spec.scaling().max();
    }

    private long memoryBytes(FunctionSpec spec) {
        String memory = spec.resources() == null ? null : spec.resources().memory();
        long each = memory != null && Quantities.valid(memory) ? Quantities.bytes(memory) : defaultMemoryBytes;
        return each * maxReplicas(spec);
    }

    /** Bytes of the code as given: inline text, or the decoded archive (a URL's size is unknown until fetched). */
    private static long codeBytes(FunctionSpec spec) {
        FunctionSource source = spec.source();
        if (source == null) {
            return 0;
        }
        if (source.inline() != null) {
            return source.inline().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        String archive = source.zip() != null ? source.zip() : source.tarGz();
        return archive == null ? 0 : archive.length() * 3L / 4;
    }
}
