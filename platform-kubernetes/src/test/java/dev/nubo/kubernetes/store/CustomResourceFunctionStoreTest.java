package dev.nubo.kubernetes.store;

import org.junit.jupiter.api.AfterEach;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

import dev.nubo.core.store.FunctionStoreContract;
import dev.nubo.core.testing.TestStores;

/** The Function store's promises, kept by the Function custom resources (mock API server, CRUD mode, per test). */
@EnableKubernetesMockClient(crud = true)
class CustomResourceFunctionStoreTest extends FunctionStoreContract {

    KubernetesClient client;
    KubernetesMockServer server;
    private CustomResourceStores stores;
    private CustomResourceStores otherWriter;

    @Override
    protected TestStores openStores() {
        stores = CustomResourceStores.open(client);
        return stores.asTestStores();
    }

    @Override
    protected TestStores anotherWriter() {
        otherWriter = CustomResourceStores.open(client);
        return otherWriter.asTestStores();
    }

    @Override
    protected boolean unchangedUpdatesAreWrites() {
        return false;
    }

    @AfterEach
    void close() {
        stores.close();
        if (otherWriter != null) {
            otherWriter.close();
        }
    }
}
