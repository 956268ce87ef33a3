package dev.nubo.kubernetes.function;

import java.time.Clock;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import dev.nubo.core.autoscale.FunctionWaker;
import dev.nubo.kubernetes.crd.FunctionResource;
import dev.nubo.kubernetes.store.NamespaceMapping;

/** Wakes a function on Kubernetes: stamps its Function resource with {@link FunctionWaker#WAKE_ANNOTATION}. */
public final class FunctionResourceWaker implements FunctionWaker {

    private final KubernetesClient client;
    private final Clock clock;
    private final NamespaceMapping mapping;

    public FunctionResourceWaker(KubernetesClient client, Clock clock) {
        this(client, clock, NamespaceMapping.IDENTITY);
    }

    /** @param mapping where the Function of a Nubo namespace is (the callers name Nubo namespaces) */
    public FunctionResourceWaker(KubernetesClient client, Clock clock, NamespaceMapping mapping) {
        this.client = client;
        this.clock = clock;
        this.mapping = mapping;
    }

    /**
     * A merge patch of the one annotation, without the resourceVersion: a wake must not fail with 409 because the
     * operator wrote the Function's status a moment before.
     */
    @Override
    public void wake(String namespace, String function) {
        String patch = "{\"metadata\":{\"annotations\":{\"" + WAKE_ANNOTATION + "\":\"" + clock.instant() + "\"}}}";
        client.resources(FunctionResource.class).inNamespace(mapping.toCluster(namespace)).withName(function)
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }
}
