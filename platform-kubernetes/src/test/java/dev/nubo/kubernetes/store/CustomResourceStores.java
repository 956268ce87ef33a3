package dev.nubo.kubernetes.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fabric8.kubernetes.client.KubernetesClient;

import dev.nubo.core.store.ResourceStore;
import dev.nubo.core.testing.TestStores;
import dev.nubo.core.testing.TestTriggerStores;
import dev.nubo.kubernetes.crd.NuboCustomResources;

/** Every store of the Kubernetes backend over one (mock) API server with the chart's CRDs, as the tests use them. */
record CustomResourceStores(TenantNamespaceStore namespaces, FunctionResourceStore functions,
        HttpTriggerResourceStore http, CronTriggerResourceStore cron, KafkaTriggerResourceStore kafka,
        NatsTriggerResourceStore nats) implements AutoCloseable {

    static CustomResourceStores open(KubernetesClient client) {
        installCrds(client);
        List<ResourceStore<?, ?, ?>> all = new CopyOnWriteArrayList<>();
        TenantNamespaceStore namespaces = new TenantNamespaceStore(client,
                namespace -> all.stream().mapToLong(store -> store.list(namespace).size()).sum()).start();
        CustomResourceStores stores = new CustomResourceStores(namespaces,
                new FunctionResourceStore(client, namespaces), new HttpTriggerResourceStore(client, namespaces),
                new CronTriggerResourceStore(client, namespaces), new KafkaTriggerResourceStore(client, namespaces),
                new NatsTriggerResourceStore(client, namespaces));
        stores.functions.start();
        stores.http.start();
        stores.cron.start();
        stores.kafka.start();
        stores.nats.start();
        all.addAll(List.of(stores.functions, stores.http, stores.cron, stores.kafka, stores.nats));
        return stores;
    }

    static void installCrds(KubernetesClient client) {
        for (String crd : NuboCustomResources.crdFiles()) {
            try (InputStream in = Files.newInputStream(Path.of("../charts/nubo/crds", crd))) {
                client.resource(client.apiextensions().v1().customResourceDefinitions().load(in).item())
                        .createOr(r -> r.update());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    TestStores asTestStores() {
        return new TestStores(functions, namespaces);
    }

    TestTriggerStores asTestTriggerStores() {
        return new TestTriggerStores(http, cron, kafka, nats, functions, namespaces);
    }

    @Override
    public void close() {
        for (AutoCloseable store : List.<AutoCloseable>of(namespaces, functions, http, cron, kafka, nats)) {
            try {
                store.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
