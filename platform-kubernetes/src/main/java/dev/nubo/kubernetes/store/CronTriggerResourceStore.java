package dev.nubo.kubernetes.store;

import io.fabric8.kubernetes.client.KubernetesClient;

import dev.nubo.core.trigger.CronTrigger;
import dev.nubo.core.trigger.CronTriggerSpec;
import dev.nubo.core.trigger.TriggerKind;
import dev.nubo.core.trigger.TriggerStatus;
import dev.nubo.core.store.NamespaceStore;
import dev.nubo.core.store.CronTriggerStore;
import dev.nubo.kubernetes.crd.CronTriggerResource;

/** The CronTriggers on the Kubernetes backend: the CronTrigger custom resources. */
public class CronTriggerResourceStore
        extends CustomResourceStore<CronTrigger, CronTriggerSpec, TriggerStatus, CronTriggerResource> implements CronTriggerStore {

    public CronTriggerResourceStore(KubernetesClient client, NamespaceStore namespaces) {
        this(client, namespaces, NamespaceMapping.IDENTITY);
    }

    public CronTriggerResourceStore(KubernetesClient client, NamespaceStore namespaces, NamespaceMapping mapping) {
        super(CronTrigger.KIND, CronTriggerResource.class, CronTriggerResource::new,
                TriggerKind.CRON::assemble, client, namespaces, mapping);
    }
}
