package dev.nubo.kubernetes.store;

import io.fabric8.kubernetes.client.KubernetesClient;

import dev.nubo.core.trigger.KafkaTrigger;
import dev.nubo.core.trigger.KafkaTriggerSpec;
import dev.nubo.core.trigger.TriggerKind;
import dev.nubo.core.trigger.TriggerStatus;
import dev.nubo.core.store.NamespaceStore;
import dev.nubo.core.store.KafkaTriggerStore;
import dev.nubo.kubernetes.crd.KafkaTriggerResource;

/** The KafkaTriggers on the Kubernetes backend: the KafkaTrigger custom resources. */
public class KafkaTriggerResourceStore
        extends CustomResourceStore<KafkaTrigger, KafkaTriggerSpec, TriggerStatus, KafkaTriggerResource> implements KafkaTriggerStore {

    public KafkaTriggerResourceStore(KubernetesClient client, NamespaceStore namespaces) {
        this(client, namespaces, NamespaceMapping.IDENTITY);
    }

    public KafkaTriggerResourceStore(KubernetesClient client, NamespaceStore namespaces, NamespaceMapping mapping) {
        super(KafkaTrigger.KIND, KafkaTriggerResource.class, KafkaTriggerResource::new,
                TriggerKind.KAFKA::assemble, client, namespaces, mapping);
    }
}
