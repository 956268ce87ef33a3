package dev.nubo.controller.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariDataSource;

import dev.nubo.controller.ControllerApplication;
import dev.nubo.core.config.NuboService;
import dev.nubo.core.distributed.ControllerLock;
import dev.nubo.core.distributed.DistributedProperties;
import dev.nubo.core.distributed.StoreFunctionEndpoints;
import dev.nubo.core.distributed.StoreRouteTable;
import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.endpoint.FunctionRoute;
import dev.nubo.core.function.Function;
import dev.nubo.core.function.SecretRef;
import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.secret.SecretCipher;
import dev.nubo.core.secret.SecretStore;
import dev.nubo.core.testing.TestDatabases;
import dev.nubo.core.testing.TestFunctions;
import dev.nubo.core.testing.FunctionSpecBuilder;
import dev.nubo.core.testing.TestStores;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two controller services over one PostgreSQL schema (two application contexts in this JVM, as two processes would
 * run): one holds the controller lock and runs the function; the standby runs nothing and publishes nothing. When the active
 * one stops, the gateway's view of the function (the same {@link StoreFunctionEndpoints} the gateway reads) is "not
 * ready, wait" rather than "not found", and the call it holds goes on once the standby took over, rebuilt the
 * function and published its own replica. And a secret written by another service reaches the running replicas at
 * the controller's next store poll, not its resync.
 */
class TwoControllersTest {

    @TempDir
    Path dir;

    private String schema;
    private HikariDataSource pool;
    private ConfigurableApplicationContext first;
    private ConfigurableApplicationContext second;

    @BeforeEach
    void open() {
        schema = TestDatabases.newPostgresSchema();
        pool = TestDatabases.postgres(schema);
    }

    @AfterEach
    void close() throws Exception {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {second, first}) {
            if (context != null) {
                context.close();
            }
        }
        pool.close();
        TestDatabases.dropPostgresSchema(schema);
    }

    @Test
    void aStandbyControllerTakesOverTheFunctionsWhenTheActiveOneStops() throws Exception {
        String key = Base64.getEncoder().encodeToString(SecretCipher.newKey());
        int firstPort = freePort();
        int secondPort = freePort();
        // a cap of its own, so the route read back can only carry it if the controller published it
        first = controller("first", firstPort, key, "--nubo.controller.container-concurrency=7");
        second = controller("second", secondPort, key, "--nubo.controller.container-concurrency=7");
        JdbcTemplate store = new JdbcTemplate(pool);
        assertThat(ControllerLock.holder(store)).hasValue(ControllerLock.clientId("http://127.0.0.1:" + firstPort));
        assertThat(second.getBean(ControllerLeadership.class).leading()).as("the second is a standby").isFalse();

        TestStores api = TestStores.over(pool);
        StoreFunctionEndpoints gateway = new StoreFunctionEndpoints(routeTable(),
                new DistributedProperties(Duration.ofMillis(200), "", "", Duration.ofSeconds(2), ""), api.functions());
        api.functions().create(TestFunctions.hello("default", "hello"));

        FunctionRoute running = await("the active controller runs the function").atMost(Duration.ofSeconds(120))
                .until(() -> refreshed(gateway, api), r -> r.ready());
        assertThat(gateway.controllerUrl("default", "hello")).hasValue("http://127.0.0.1:" + firstPort);
        assertThat(call(running.endpoints().getFirst())).isEqualTo("hello world");
        assertThat(running.containerConcurrency()).as("the cap per replica reaches the gateway").isEqualTo(7);
        assertThat(routeTable().readAll()).as("the standby published nothing").singleElement()
                .satisfies(r -> assertThat(r.controllerUrl()).isEqualTo("http://127.0.0.1:" + firstPort));

        first.close(); // stops its replicas, removes its routes, releases the lock
        FunctionRoute away = refreshed(gateway, api);
        assertThat(away.ready()).isFalse();
        assertThat(away.wakeable()).as("a call waits rather than failing").isTrue();
        CompletableFuture<FunctionRoute> held = gateway.awaitReady("default", "hello", Duration.ofSeconds(120));

        FunctionRoute adopted = await("the standby took over").atMost(Duration.ofSeconds(120))
                .until(() -> refreshed(gateway, api), r -> r.ready());
        assertThat(second.getBean(ControllerLeadership.class).leading()).isTrue();
        assertThat(gateway.controllerUrl("default", "hello")).hasValue("http://127.0.0.1:" + secondPort);
        assertThat(held.get(10, TimeUnit.SECONDS).endpoints()).isEqualTo(adopted.endpoints());
        assertThat(call(adopted.endpoints().getFirst())).isEqualTo("hello world");
        assertThat(adopted.containerConcurrency()).isEqualTo(7);
        assertThat(ControllerLock.holder(store)).hasValue(ControllerLock.clientId("http://127.0.0.1:" + secondPort));
    }

    @Test
    void aControllerThatFindsItsLockTakenStopsItsFunctionsAndItself() throws Exception {
        int port = freePort();
        first = controller("first", port, Base64.getEncoder().encodeToString(SecretCipher.newKey()));
        TestStores api = TestStores.over(pool);
        StoreFunctionEndpoints gateway = new StoreFunctionEndpoints(routeTable(),
                new DistributedProperties(Duration.ofMillis(200), "", "", Duration.ofSeconds(2), ""), api.functions());
        api.functions().create(TestFunctions.hello("default", "hello"));
        FunctionRoute running = await("running").atMost(Duration.ofSeconds(120))
                .until(() -> refreshed(gateway, api), r -> r.ready());

        // another controller holds the lock now (this one missed its renewals, say, while the store was away)
        assertThat(new JdbcTemplate(pool).update("UPDATE INT_LOCK SET CLIENT_ID = ?",
                ControllerLock.clientId("http://other"))).isEqualTo(1);

        await("the controller stopped itself").atMost(Duration.ofSeconds(30)).until(() -> !first.isActive());
        assertThat(routeTable().readAll()).as("its routes are gone").isEmpty();
        assertThat(refreshed(gateway, api).ready()).isFalse();
        assertThatThrownBy(() -> call(running.endpoints().getFirst())).as("its replica is stopped")
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void aSecretChangedThroughAnotherServiceReachesTheRunningReplicaWithoutAResync() throws Exception {
        byte[] key = SecretCipher.newKey();
        int port = freePort();
        // no resync within the test: only the store poll can tell the controller
        first = controller("first", port, Base64.getEncoder().encodeToString(key),
                "--nubo.controller.resync-interval=1h");
        SecretStore apiSecrets = new SecretStore(new JdbcTemplate(pool),
                new TransactionTemplate(new DataSourceTransactionManager(pool)), JsonMapper.builder().build(),
                new SecretCipher(key), Clock.systemUTC());
        apiSecrets.create(ObjectMeta.named("default", "db"), Map.of("password", "one"));
        TestStores api = TestStores.over(pool);
        StoreFunctionEndpoints gateway = new StoreFunctionEndpoints(routeTable(),
                new DistributedProperties(Duration.ofMillis(200), "", "", Duration.ofSeconds(2), ""), api.functions());
        api.functions().create(Function.of(ObjectMeta.named("default", "hello"), FunctionSpecBuilder.python(
                "import os\n\ndef handler(event, context):\n    return os.environ['DB_PASSWORD']\n")
                .secrets(List.of(new SecretRef("db", Map.of("DB_PASSWORD", "password"), null))).build()
                .withDefaults(30)));
        await("the replica has the secret").atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            FunctionRoute route = refreshed(gateway, api);
            assertThat(route.ready()).isTrue();
            assertThat(call(route.endpoints().getFirst())).isEqualTo("one");
        });

        apiSecrets.replace(ObjectMeta.named("default", "db"), Map.of("password", "two"));

        await("the new value reaches a running replica").atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            FunctionRoute route = refreshed(gateway, api);
            assertThat(route.ready()).isTrue();
            assertThat(call(route.endpoints().getFirst())).isEqualTo("two");
        });
    }

    private FunctionRoute refreshed(StoreFunctionEndpoints gateway, TestStores api) {
        api.pollOtherWriters();
        gateway.refresh();
        return gateway.route("default", "hello").orElseThrow();
    }

    private ConfigurableApplicationContext controller(String name, int port, String secretsKey, String... extra) {
        return run(new String[] {
            "--server.port=" + port,
            "--nubo.data-dir=" + dir.resolve(name),
            "--nubo.store.url=" + TestDatabases.POSTGRES_URL + "?currentSchema=" + schema,
            "--nubo.store.username=" + TestDatabases.POSTGRES_USER,
            "--nubo.secrets.key=" + secretsKey,
            "--nubo.distributed.internal-token=two-controllers",
            "--nubo.distributed.poll-interval=200ms",
            "--nubo.distributed.lease-duration=3s",
            "--nubo.distributed.controller-url=http://127.0.0.1:" + port}, extra);
    }

    private ConfigurableApplicationContext run(String[] args, String[] extra) {
        String[] all = java.util.Arrays.copyOf(args, args.length + extra.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        return NuboService.run(ControllerApplication.class, "controller", all);
    }

    private StoreRouteTable routeTable() {
        return new StoreRouteTable(new JdbcTemplate(pool), new TransactionTemplate(new DataSourceTransactionManager(pool)),
                Clock.systemUTC());
    }

    private static String call(Endpoint endpoint) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://" + endpoint.host() + ":" + endpoint.port()
                    + "/")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
