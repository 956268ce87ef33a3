package dev.nubo.kubernetes.store;

import io.fabric8.kubernetes.client.KubernetesClient;

import dev.nubo.core.trigger.NatsTrigger;
import dev.nubo.core.trigger.NatsTriggerSpec;
import dev.nubo.core.trigger.TriggerKind;
import dev.nubo.core.trigger.TriggerStatus;
import dev.nubo.core.store.NamespaceStore;
import dev.nubo.core.store.NatsTriggerStore;
import dev.nubo.kubernetes.crd.NatsTriggerResource;

/** The NatsTriggers on the Kubernetes backend: the NatsTrigger custom resources. */
public class NatsTriggerResourceStore
        extends CustomResourceStore<NatsTrigger, NatsTriggerSpec, TriggerStatus, NatsTriggerResource> implements NatsTriggerStore {

    public NatsTriggerResourceStore(KubernetesClient client, NamespaceStore namespaces) {
        this(client, namespaces, NamespaceMapping.IDENTITY);
    }

    public NatsTriggerResourceStore(KubernetesClient client, NamespaceStore namespaces, NamespaceMapping mapping) {
        super(NatsTrigger.KIND, NatsTriggerResource.class, NatsTriggerResource::new,
                TriggerKind.NATS::assemble, client, namespaces, mapping);
    }
}
