package dev.nubo.kubernetes.store;

import io.fabric8.kubernetes.client.KubernetesClient;

import dev.nubo.core.trigger.HttpTrigger;
import dev.nubo.core.trigger.HttpTriggerSpec;
import dev.nubo.core.trigger.TriggerKind;
import dev.nubo.core.trigger.TriggerStatus;
import dev.nubo.core.store.NamespaceStore;
import dev.nubo.core.store.HttpTriggerStore;
import dev.nubo.kubernetes.crd.HttpTriggerResource;

/** The HttpTriggers on the Kubernetes backend: the HttpTrigger custom resources. */
public class HttpTriggerResourceStore
        extends CustomResourceStore<HttpTrigger, HttpTriggerSpec, TriggerStatus, HttpTriggerResource> implements HttpTriggerStore {

    public HttpTriggerResourceStore(KubernetesClient client, NamespaceStore namespaces) {
        this(client, namespaces, NamespaceMapping.IDENTITY);
    }

    public HttpTriggerResourceStore(KubernetesClient client, NamespaceStore namespaces, NamespaceMapping mapping) {
        super(HttpTrigger.KIND, HttpTriggerResource.class, HttpTriggerResource::new,
                TriggerKind.HTTP::assemble, client, namespaces, mapping);
    }
}
