package dev.nubo.triggers.access;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import dev.nubo.core.function.FunctionAccess;
import dev.nubo.core.trigger.HttpTriggerSpec.RateLimit;
import dev.nubo.triggers.http.RateLimiter;

/**
 * What guards the gateway's calls besides the HttpTrigger routes, immutable (swapped whole, read once per call): each
 * function's access mode and token bucket, and each namespace's calls-per-second quota as a token bucket.
 */
public final class AccessTable {

    /** A function's guard: its own mode (null: the platform's default) and its bucket (null: no limit). */
    public record FunctionGuard(FunctionAccess.Mode mode, RateLimiter limiter) {
    }

    /** A namespace's quota of calls per second; 0 refuses every call. */
    public record CallQuota(int callsPerSecond, RateLimiter limiter) {

        /** 0 when the call may go on, else the seconds to wait. */
        public long tryAcquire() {
            return limiter == null ? 1 : limiter.tryAcquire();
        }
    }

    public static final AccessTable EMPTY = new AccessTable(Map.of(), Map.of());

    private final Map<String, FunctionGuard> functions;
    private final Map<String, CallQuota> quotas;

    private AccessTable(Map<String, FunctionGuard> functions, Map<String, CallQuota> quotas) {
        this.functions = Map.copyOf(functions);
        this.quotas = Map.copyOf(quotas);
    }

    /** The guard of function {@code namespace/name}, or null (the platform's default mode, no limit). */
    public FunctionGuard function(String namespace, String name) {
        return functions.isEmpty() ? null : functions.get(namespace + "/" + name);
    }

    /** The namespace's calls-per-second quota, or null (none). */
    public CallQuota quota(String namespace) {
        return quotas.isEmpty() ? null : quotas.get(namespace);
    }

    /**
     * A new table; buckets whose limit is unchanged carry over from {@code previous}, so a change elsewhere neither
     * refills nor empties them.
     *
     * @param access      each function's access ({@code namespace/name} → spec.access; null values are skipped)
     * @param callQuotas  each namespace's calls-per-second quota (namespaces without one left out)
     */
    public static AccessTable of(Map<String, FunctionAccess> access, Map<String, Integer> callQuotas,
            AccessTable previous) {
        Map<String, FunctionGuard> functions = new HashMap<>();
        access.forEach((key, spec) -> {
            if (spec == null || (spec.mode() == null && spec.rateLimit() == null)) {
                return;
            }
            FunctionAccess.Mode mode = spec.mode() == null ? null : FunctionAccess.Mode.parse(spec.mode()).orElse(null);
            FunctionGuard before = previous.functions.get(key);
            RateLimit limit = spec.withDefaults().rateLimit();
            RateLimiter limiter = limit == null ? null
                    : before != null && before.limiter() != null && before.limiter().limit().equals(limit)
                            ? before.limiter() : new RateLimiter(limit);
            functions.put(key, new FunctionGuard(mode, limiter));
        });
        Map<String, CallQuota> quotas = new HashMap<>();
        callQuotas.forEach((namespace, rate) -> {
            if (rate == null) {
                return;
            }
            CallQuota before = previous.quotas.get(namespace);
            if (before != null && before.callsPerSecond() == rate) {
                quotas.put(namespace, before);
            } else {
                quotas.put(namespace, new CallQuota(rate, rate <= 0 ? null : new RateLimiter(new RateLimit(rate, rate))));
            }
        });
        return new AccessTable(functions, quotas);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AccessTable table && functions.equals(table.functions) && quotas.equals(table.quotas);
    }

    @Override
    public int hashCode() {
        return Objects.hash(functions, quotas);
    }
}
