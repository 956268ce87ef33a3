package dev.nubo.core.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariDataSource;

import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.core.endpoint.FunctionRoute;
import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.secret.SecretCipher;
import dev.nubo.core.secret.SecretStore;
import dev.nubo.core.testing.TestDatabases;
import dev.nubo.core.testing.TestFunctions;
import dev.nubo.core.testing.TestStores;
import tools.jackson.databind.json.JsonMapper;

/**
 * The services running apart while their controller is away or changes: a function that exists but has no route
 * waits instead of being "not found", a secret the API changes reaches the controller's subscribers at its next poll,
 * and the controller lock lets exactly one controller run the functions, a standby taking over when it lapses or is
 * released.
 * Two pools over one PostgreSQL schema, as two JVMs.
 */
class DistributedTakeoverTest {

    private static final DistributedProperties PROPERTIES = new DistributedProperties(Duration.ofMillis(100), "", "",
            Duration.ofSeconds(1), "");

    private String schema;
    private HikariDataSource apiPool;
    private HikariDataSource controllerPool;

    @BeforeEach
    void open() {
        schema = TestDatabases.newPostgresSchema();
        apiPool = TestDatabases.postgres(schema);
        controllerPool = TestDatabases.postgres(schema);
    }

    @AfterEach
    void close() throws Exception {
        apiPool.close();
        controllerPool.close();
        TestDatabases.dropPostgresSchema(schema);
    }

    @Test
    void aFunctionWithoutARouteWaitsForItsControllerInsteadOfBeingNotFound() throws Exception {
        TestStores api = TestStores.over(apiPool);
        TestStores gatewayStores = TestStores.over(controllerPool);
        StoreRouteTable controllerTable = routeTable(controllerPool);
        StoreFunctionEndpoints gateway = new StoreFunctionEndpoints(routeTable(apiPool), PROPERTIES,
                gatewayStores.functions());
        api.functions().create(TestFunctions.hello("default", "hello"));
        poll(gatewayStores, gateway);

        assertThat(gateway.route("default", "missing")).as("not in the store: 404").isEmpty();
        FunctionRoute away = gateway.route("default", "hello").orElseThrow();
        assertThat(away.ready()).isFalse();
        assertThat(away.wakeable()).as("held, not refused").isTrue();
        assertThat(away.notReadyReason()).isEqualTo(StoreFunctionEndpoints.NO_CONTROLLER);
        assertThat(away.timeout()).isEqualTo(Duration.ofSeconds(TestFunctions.hello("default", "hello").spec()
                .timeoutOrDefault()));

        // a call waits; the controller (back, or a standby taking over) publishes a ready replica: the call goes on
        CompletableFuture<FunctionRoute> call = gateway.awaitReady("default", "hello", Duration.ofSeconds(30));
        poll(gatewayStores, gateway);
        assertThat(call).isNotDone();
        controllerTable.publish(new StoreRouteTable.StoredRoute("default", "hello", "uid-1", 1,
                List.of(new StoreRouteTable.StoredEndpoint("127.0.0.1", 40001, 1)), Duration.ofSeconds(30), null,
                false, "http://127.0.0.1:1"));
        poll(gatewayStores, gateway);
        assertThat(call.get(5, TimeUnit.SECONDS).endpoints()).containsExactly(new Endpoint("127.0.0.1", 40001));

        // the controller stops: its routes go, the function waits again
        controllerTable.removeAll("http://127.0.0.1:1");
        poll(gatewayStores, gateway);
        assertThat(gateway.route("default", "hello").orElseThrow().ready()).isFalse();
        CompletableFuture<FunctionRoute> waiting = gateway.awaitReady("default", "hello", Duration.ofSeconds(30));

        // deleted meanwhile (by the API): the waiting call ends, and the function is not found any more
        api.functions().delete("default", "hello");
        poll(gatewayStores, gateway);
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(FunctionEndpoints.NotReadyException.class)
                .hasMessageContaining("deleted");
        assertThat(gateway.route("default", "hello")).isEmpty();
    }

    @Test
    void aSecretTheApiChangesReachesTheControllersSubscribersAtItsNextPoll() {
        byte[] key = SecretCipher.newKey();
        SecretStore apiSecrets = secrets(apiPool, key);
        SecretStore controllerSecrets = secrets(controllerPool, key);
        List<SecretStore.Change> changes = new CopyOnWriteArrayList<>();
        controllerSecrets.subscribe(changes::add);
        apiSecrets.create(ObjectMeta.named("default", "before"), Map.of("k", "v"));
        controllerSecrets.pollOtherWriters(); // takes stock: what existed before is no change
        assertThat(changes).isEmpty();

        apiSecrets.create(ObjectMeta.named("default", "db"), Map.of("password", "one"));
        controllerSecrets.pollOtherWriters();
        controllerSecrets.pollOtherWriters();
        assertThat(changes).containsExactly(new SecretStore.Change("default", "db"));

        apiSecrets.replace(ObjectMeta.named("default", "db"), Map.of("password", "two"));
        controllerSecrets.pollOtherWriters();
        assertThat(changes).hasSize(2);
        assertThat(controllerSecrets.reveal("default", "db").orElseThrow().data()).containsEntry("password", "two");

        apiSecrets.delete("default", "before");
        controllerSecrets.pollOtherWriters();
        assertThat(changes).last().isEqualTo(new SecretStore.Change("default", "before"));
        assertThat(changes).hasSize(3);
    }

    @Test
    void oneControllerHoldsTheLockAndAStandbyTakesItOverWhenItLapsesOrIsReleased() throws Exception {
        Duration ttl = Duration.ofSeconds(1);
        Lock first = lock(controllerPool, "http://a", ttl);
        Lock second = lock(apiPool, "http://b", ttl);
        JdbcTemplate store = new JdbcTemplate(apiPool);

        assertThat(first.tryLock()).isTrue();
        assertThat(second.tryLock()).as("held by a").isFalse();
        assertThat(first.tryLock()).as("renewed").isTrue();
        assertThat(ControllerLock.holder(store)).hasValue(ControllerLock.clientId("http://a"));

        // a stops renewing: once its lock lapsed, b takes it over, and a finds it taken
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(second::tryLock);
        assertThat(first.tryLock()).as("a finds it taken").isFalse();
        assertThat(ControllerLock.holder(store)).hasValue(ControllerLock.clientId("http://b"));

        // a new run of b (same URL, crashed without releasing) need not wait for its own lock
        Lock secondAgain = lock(controllerPool, "http://b", Duration.ofMinutes(1));
        assertThat(secondAgain.tryLock()).isTrue();
        Lock third = lock(apiPool, "http://c", Duration.ofMinutes(1));
        assertThat(third.tryLock()).as("held by b's new run for a minute").isFalse();
        // a clean stop releases it: the standby takes over at once
        secondAgain.unlock();
        assertThat(ControllerLock.holder(store)).isEmpty();
        assertThat(third.tryLock()).isTrue();
        assertThat(ControllerLock.holder(store)).hasValue(ControllerLock.clientId("http://c"));
    }

    @Test
    void aFollowWhoseControllerRestartsGoesOnWithTheNewLines() throws Exception {
        java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        List<String> queries = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch end = new java.util.concurrent.CountDownLatch(1);
        com.sun.net.httpserver.HttpServer controller = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        controller.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        controller.createContext("/internal/v1/logs/default/hello", exchange -> {
            queries.add(exchange.getRequestURI().getQuery());
            exchange.sendResponseHeaders(200, 0);
            try (var out = exchange.getResponseBody()) {
                if (connections.incrementAndGet() == 1) {
                    out.write("[\"old\"]\n\"one\"\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    return; // the controller goes away: the stream ends
                }
                out.write(("[]\n" + (connections.get() == 2 ? "\"two\"\n" : ""))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.flush();
                end.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        controller.start();
        try {
            routeTable(controllerPool).publish(new StoreRouteTable.StoredRoute("default", "hello", "uid-1", 1,
                    List.of(), Duration.ofSeconds(30), "scaled to zero", true,
                    "http://127.0.0.1:" + controller.getAddress().getPort()));
            StoreFunctionEndpoints endpoints = new StoreFunctionEndpoints(routeTable(apiPool), PROPERTIES);
            endpoints.refresh();
            List<List<String>> backlogs = new CopyOnWriteArrayList<>();
            List<String> lines = new CopyOnWriteArrayList<>();

            try (var follow = new RemoteFunctionLogs(endpoints, PROPERTIES).follow("default", "hello", 10,
                    backlogs::add, lines::add)) {
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15))
                        .untilAsserted(() -> assertThat(lines).containsExactly("one", "two"));
                assertThat(backlogs).containsExactly(List.of("old"));
                assertThat(queries).hasSize(2);
                assertThat(queries.get(1)).as("resumed without the backlog again").contains("tail=0");
            }
        } finally {
            end.countDown();
            controller.stop(0);
        }
    }

    private static void poll(TestStores stores, StoreFunctionEndpoints endpoints) {
        stores.pollOtherWriters();
        endpoints.refresh();
    }

    private static SecretStore secrets(HikariDataSource pool, byte[] key) {
        return new SecretStore(new JdbcTemplate(pool), new TransactionTemplate(new DataSourceTransactionManager(pool)),
                JsonMapper.builder().build(), new SecretCipher(key), Clock.systemUTC());
    }

    private static Lock lock(HikariDataSource pool, String controllerUrl, Duration ttl) {
        return ControllerLock.registry(pool, new DataSourceTransactionManager(pool), controllerUrl, ttl)
                .obtain(ControllerLock.KEY);
    }

    private static StoreRouteTable routeTable(HikariDataSource pool) {
        return new StoreRouteTable(new JdbcTemplate(pool), new TransactionTemplate(new DataSourceTransactionManager(pool)),
                Clock.systemUTC());
    }
}
