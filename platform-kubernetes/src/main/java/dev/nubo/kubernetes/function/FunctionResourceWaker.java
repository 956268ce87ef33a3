package dev.nubo.kubernetes.function;

import java.time.Clock;
import java.util.LinkedHashMap;

import io.fabric8.kubernetes.client.KubernetesClient;

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

    @Override
    public void wake(String namespace, String function) {
        String now = clock.instant().toString();
        client.resources(FunctionResource.class).inNamespace(mapping.toCluster(namespace)).withName(function).edit(f -> {
            var annotations = f.getMetadata().getAnnotations() == null ? new LinkedHashMap<String, String>()
                    : new LinkedHashMap<>(f.getMetadata().getAnnotations());
            annotations.put(WAKE_ANNOTATION, now);
            f.getMetadata().setAnnotations(annotations);
            return f;
        });
    }
}
