package dev.nubo.controller.kubernetes;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

import dev.nubo.core.model.Condition;
import dev.nubo.core.model.Conditions;
import dev.nubo.core.quota.TenantStatus;
import dev.nubo.core.validation.FieldError;
import dev.nubo.kubernetes.crd.TenantResource;
import dev.nubo.kubernetes.function.DesiredHash;
import dev.nubo.kubernetes.function.WorkloadSettings;
import dev.nubo.kubernetes.pool.WarmPool;
import dev.nubo.kubernetes.tenant.DesiredTenant;
import dev.nubo.kubernetes.tenant.TenantObjects;
import dev.nubo.kubernetes.tenant.TenantSettings;

/**
 * Tenant → its Kubernetes Namespace, ResourceQuota, LimitRange and NetworkPolicies (built by {@link TenantObjects}).
 * Tenants are few and change rarely: the objects are read from the API server on each reconcile rather than cached
 * by informers, and a periodic reconcile puts back what someone edited by hand; it also deletes warm pool pods whose
 * claim was abandoned ({@link WarmPool#sweepAbandoned}). Deleting the Tenant deletes its
 * Namespace (a finalizer, so it happens even where the garbage collector is slow to follow owner references).
 */
@ControllerConfiguration(name = "nubo-tenants",
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class TenantReconciler implements Reconciler<TenantResource>, Cleaner<TenantResource> {

    public static final String READY = "Ready";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TenantSettings settings;
    private final Clock clock;
    private final WorkloadSettings workloads;
    private final int warmPoolSize;
    private final Duration claimBound;

    public TenantReconciler(TenantSettings settings, Clock clock) {
        this(settings, clock, null, 0, null);
    }

    /**
     * @param workloads    the runtime images (for the warm pools)
     * @param warmPoolSize unspecialized pods per runtime language in each tenant namespace; 0 = no pool
     * @param claimBound   a pool pod claimed longer ago that serves no function is deleted (its claimer died before
     *                     it specialized it); null = no such sweep
     */
    public TenantReconciler(TenantSettings settings, Clock clock, WorkloadSettings workloads, int warmPoolSize,
            Duration claimBound) {
        this.settings = settings;
        this.clock = clock;
        this.workloads = workloads;
        this.warmPoolSize = warmPoolSize;
        this.claimBound = claimBound;
    }

    @Override
    public UpdateControl<TenantResource> reconcile(TenantResource tenant, Context<TenantResource> context) {
        var errors = tenant.getSpec() == null ? List.<FieldError>of() : tenant.getSpec().quotaOrNone().errors();
        if (!errors.isEmpty()) {
            // nothing is written: the namespace keeps its last valid quota
            return status(tenant, Condition.of(READY, Condition.FALSE, "SpecInvalid", errors.stream()
                    .map(e -> "quota." + e.field() + ": " + e.message()).collect(Collectors.joining("; "))));
        }
        KubernetesClient client = context.getClient();
        DesiredTenant desired = TenantObjects.desired(tenant, settings);
        apply(client, desired.namespace());
        if (desired.quota() != null) {
            apply(client, desired.quota());
        } else {
            client.resources(ResourceQuota.class).inNamespace(desired.namespace().getMetadata().getName())
                    .withName(TenantObjects.NAME).delete();
        }
        apply(client, desired.limits());
        apply(client, desired.networkPolicy());
        apply(client, desired.apiAccess());
        String namespace = desired.namespace().getMetadata().getName();
        if (workloads != null && warmPoolSize > 0) {
            ensurePoolToken(client, namespace);
            // in the tenant's namespace: its pool pods fall under its network policy and count against its quota
            // a compiled runtime's pod must compile its function first: no pool can hold it ready
            workloads.runtimes().byPrefix().forEach((language, runtime) -> {
                if (!runtime.compiles()) {
                    apply(client, WarmPool.deployment(namespace, language, runtime, warmPoolSize, workloads));
                }
            });
        }
        UpdateControl<TenantResource> control = status(tenant, Condition.of(READY, Condition.TRUE, "Applied",
                "namespace " + namespace + " with its quota, limits and network policy"));
        if (claimBound != null) {
            // a claimed pool pod is in no selector: only this sweep ever frees one whose claimer died (an operator
            // that takes over reconciles every tenant at start); look again when the next claim would be abandoned
            Instant now = clock.instant();
            WarmPool.sweepAbandoned(client, namespace, now, claimBound).ifPresent(next ->
                    control.rescheduleAfter(Duration.between(now, next).plusMillis(100)));
        }
        return control;
    }

    private UpdateControl<TenantResource> status(TenantResource tenant, Condition ready) {
        TenantStatus previous = tenant.getStatus();
        TenantStatus status = new TenantStatus(tenant.getMetadata().getName(),
                Conditions.set(previous == null ? List.of() : previous.conditions(), ready, clock),
                tenant.getMetadata().getGeneration());
        if (status.equals(previous)) {
            return UpdateControl.noUpdate();
        }
        tenant.setStatus(status);
        return UpdateControl.patchStatus(tenant);
    }

    @Override
    public DeleteControl cleanup(TenantResource tenant, Context<TenantResource> context) {
        String name = tenant.getMetadata().getName();
        Namespace namespace = context.getClient().namespaces().withName(name).get();
        // only a namespace this tenant made: never one that merely shares the name
        if (namespace != null && namespace.getMetadata().getLabels() != null
                && name.equals(namespace.getMetadata().getLabels().get(TenantObjects.TENANT))) {
            context.getClient().resource(namespace).delete();
        }
        return DeleteControl.defaultDelete();
    }

    /**
     * The namespace's specialize token, made once: the pool pods read it at start, so a new token would leave the
     * running ones unreachable to the operator.
     */
    private static void ensurePoolToken(KubernetesClient client, String namespace) {
        if (client.secrets().inNamespace(namespace).withName(WarmPool.TOKEN_SECRET).get() != null) {
            return;
        }
        byte[] token = new byte[24];
        RANDOM.nextBytes(token);
        try {
            client.resource(WarmPool.tokenSecret(namespace, HexFormat.of().formatHex(token))).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) { // made meanwhile: keep that one
                throw e;
            }
        }
    }

    /** Writes {@code desired} unless the cluster's copy carries the same desired hash. */
    private static <R extends HasMetadata> void apply(KubernetesClient client, R desired) {
        R actual = client.resource(desired).get();
        if (actual == null) {
            client.resource(desired).create();
        } else if (!DesiredHash.upToDate(actual, desired)) {
            desired.getMetadata().setResourceVersion(actual.getMetadata().getResourceVersion());
            client.resource(desired).update();
        }
    }
}
