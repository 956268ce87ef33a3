package dev.nubo.kubernetes.store;

import org.junit.jupiter.api.AfterEach;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

import dev.nubo.core.store.TriggerStoreContract;
import dev.nubo.core.testing.TestTriggerStores;

/** The trigger stores' promises, kept by the trigger custom resources (mock API server, CRUD mode, per test). */
@EnableKubernetesMockClient(crud = true)
class CustomResourceTriggerStoreTest extends TriggerStoreContract {

    KubernetesClient client;
    KubernetesMockServer server;
    private CustomResourceStores stores;

    @Override
    protected TestTriggerStores openStores() {
        stores = CustomResourceStores.open(client);
        return stores.asTestTriggerStores();
    }

    @Override
    protected boolean unchangedUpdatesAreWrites() {
        return false;
    }

    @AfterEach
    void close() {
        stores.close();
    }
}
