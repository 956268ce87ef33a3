package dev.nubo.kubernetes.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionStatus;
import dev.nubo.core.store.StoreEvent;
import dev.nubo.core.testing.TestFunctions;
import dev.nubo.kubernetes.crd.FunctionResource;

/**
 * What others write to the cluster (another replica of the API, the operator, {@code kubectl}) reaches the store
 * through its informer: readable, and published to subscribers with the database store's event semantics.
 */
@EnableKubernetesMockClient(crud = true)
class OtherWritersTest {

    KubernetesClient client;
    KubernetesMockServer server;
    private CustomResourceStores stores;
    private final List<StoreEvent<Function>> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        stores = CustomResourceStores.open(client);
        stores.functions().subscribe(events::add);
    }

    @AfterEach
    void close() {
        stores.close();
    }

    @Test
    void kubectlWritesAreReadAndPublished() {
        FunctionResource applied = client.resource(new FunctionResource("default", "hello",
                TestFunctions.hello("default", "hello").spec())).create();
        await().untilAsserted(() -> assertThat(stores.functions().get("default", "hello")).isPresent());

        client.resources(FunctionResource.class).inNamespace("default").withName("hello").edit(f -> {
            f.setSpec(TestFunctions.python("default", "hello", "x = 2").spec());
            return f;
        });
        FunctionResource current = client.resources(FunctionResource.class).inNamespace("default").withName("hello")
                .get();
        current.setStatus(FunctionStatus.pending());
        client.resource(current).updateStatus();
        client.resource(applied).delete();

        await().untilAsserted(() -> assertThat(events).extracting(StoreEvent::type, StoreEvent::specChanged)
                .containsExactly(Tuple.tuple(StoreEvent.Type.ADDED, true), Tuple.tuple(StoreEvent.Type.MODIFIED, true),
                        Tuple.tuple(StoreEvent.Type.MODIFIED, false), Tuple.tuple(StoreEvent.Type.DELETED, true)));
        assertThat(events.get(1).resource().spec().source().inline()).isEqualTo("x = 2");
        assertThat(events.get(1).resource().metadata().generation()).isEqualTo(2);
        assertThat(events.get(3).resource().status()).as("the last state").isEqualTo(FunctionStatus.pending());
        assertThat(stores.functions().list("default")).isEmpty();
    }

    @Test
    void anotherStoreOverTheSameClusterSeesThisOnesWrites() {
        try (CustomResourceStores other = CustomResourceStores.open(client)) {
            stores.functions().create(TestFunctions.hello("default", "hello"));

            await().untilAsserted(() -> assertThat(other.functions().get("default", "hello")).isPresent());
            other.functions().delete("default", "hello");
            await().untilAsserted(() -> assertThat(stores.functions().get("default", "hello")).isEmpty());
        }
    }
}
