package dev.nubo.kubernetes.function;

import java.time.Clock;
import java.util.LinkedHashMap;

import io.fabric8.kubernetes.client.KubernetesClient;

import dev.nubo.core.autoscale.FunctionWaker;
import dev.nubo.kubernetes.crd.FunctionResource;

/** Wakes a function on Kubernetes: stamps its Function resource with {@link FunctionWaker#WAKE_ANNOTATION}. */
public final class FunctionResourceWaker implements FunctionWaker {

    private final KubernetesClient client;
    private final Clock clock;

    public FunctionResourceWaker(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public void wake(String namespace, String function) {
        String now = clock.instant().toString();
        client.resources(FunctionResource.class).inNamespace(namespace).withName(function).edit(f -> {
            var annotations = f.getMetadata().getAnnotations() == null ? new LinkedHashMap<String, String>()
                    : new LinkedHashMap<>(f.getMetadata().getAnnotations());
            annotations.put(WAKE_ANNOTATION, now);
            f.getMetadata().setAnnotations(annotations);
            return f;
        });
    }
}
