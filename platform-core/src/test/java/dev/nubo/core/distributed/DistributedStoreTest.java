package dev.nubo.core.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

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
import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionStatus;
import dev.nubo.core.runtime.RuntimeCatalog;
import dev.nubo.core.runtime.RuntimeInfo;
import dev.nubo.core.store.StoreEvent;
import dev.nubo.core.testing.TestDatabases;
import dev.nubo.core.testing.TestFunctions;
import dev.nubo.core.testing.TestStores;

/**
 * Two services sharing one PostgreSQL schema, each with its own connection pool and stores (as two JVMs would): what
 * one writes, the other learns by polling — resources as change events, routes and runtimes as values.
 */
class DistributedStoreTest {

    private String schema;
    private HikariDataSource apiPool;
    private HikariDataSource controllerPool;
    private TestStores api;
    private TestStores controller;

    @BeforeEach
    void open() {
        schema = TestDatabases.newPostgresSchema();
        apiPool = TestDatabases.postgres(schema);
        controllerPool = TestDatabases.postgres(schema);
        api = TestStores.over(apiPool);
        controller = TestStores.over(controllerPool);
    }

    @AfterEach
    void close() throws Exception {
        apiPool.close();
        controllerPool.close();
        TestDatabases.dropPostgresSchema(schema);
    }

    @Test
    void anotherServicesWritesArriveAsChangeEventsOnce() {
        List<StoreEvent<Function>> seen = new CopyOnWriteArrayList<>();
        controller.functions().subscribe(seen::add);
        pollController(); // takes stock

        Function created = api.functions().create(TestFunctions.hello("default", "hello"));
        pollController();
        pollController(); // nothing new: nothing published
        assertThat(seen).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(StoreEvent.Type.ADDED);
            assertThat(e.resource().metadata().uid()).isEqualTo(created.metadata().uid());
        });

        // the controller's own status write is its own event, not published again by its poll
        controller.functions().updateStatus("default", "hello", FunctionStatus.pending());
        pollController();
        assertThat(seen).hasSize(2);

        api.functions().update(api.functions().get("default", "hello").orElseThrow()
                .withSpec(TestFunctions.python("default", "hello", "x = 2").spec()));
        pollController();
        assertThat(seen.getLast().type()).isEqualTo(StoreEvent.Type.MODIFIED);
        assertThat(seen.getLast().specChanged()).isTrue();
        assertThat(seen.getLast().resource().spec().source().inline()).isEqualTo("x = 2");

        api.functions().updateStatus("default", "hello", FunctionStatus.pending());
        pollController();
        assertThat(seen.getLast().type()).isEqualTo(StoreEvent.Type.MODIFIED);
        assertThat(seen.getLast().specChanged()).as("a status write").isFalse();

        api.functions().delete("default", "hello");
        pollController();
        assertThat(seen.getLast().type()).isEqualTo(StoreEvent.Type.DELETED);
        assertThat(seen.getLast().resource().metadata().name()).isEqualTo("hello");
        assertThat(seen).hasSize(5);
    }

    @Test
    void aFunctionDeletedAndCreatedAgainBetweenTwoPollsIsBothEvents() {
        List<StoreEvent<Function>> seen = new CopyOnWriteArrayList<>();
        api.functions().create(TestFunctions.hello("default", "hello"));
        controller.functions().subscribe(seen::add);
        pollController();

        api.functions().delete("default", "hello");
        api.functions().create(TestFunctions.hello("default", "hello"));
        pollController();

        assertThat(seen).extracting(StoreEvent::type)
                .containsExactly(StoreEvent.Type.DELETED, StoreEvent.Type.ADDED);
    }

    @Test
    void routesTheControllerPublishesAreWhatTheGatewayCalls() throws Exception {
        StoreRouteTable published = routeTable(controllerPool);
        StoreFunctionEndpoints gateway = new StoreFunctionEndpoints(routeTable(apiPool),
                new DistributedProperties(Duration.ofMillis(100), "", "", Duration.ofSeconds(1), ""));
        gateway.refresh();
        assertThat(gateway.route("default", "hello")).isEmpty();

        published.publish(route(List.of(), "scaled to zero", true));
        gateway.refresh();
        FunctionRoute waking = gateway.route("default", "hello").orElseThrow();
        assertThat(waking.ready()).isFalse();
        assertThat(waking.wakeable()).isTrue();
        assertThat(waking.notReadyReason()).isEqualTo("scaled to zero");
        assertThat(gateway.controllerUrl("default", "hello")).hasValue("http://127.0.0.1:1");
        CompletableFuture<FunctionRoute> call = gateway.awaitReady("default", "hello", Duration.ofSeconds(30));

        published.publish(route(List.of(new StoreRouteTable.StoredEndpoint("127.0.0.1", 40001, 3)), null, true));
        gateway.refresh();
        FunctionRoute ready = call.get(5, TimeUnit.SECONDS);
        assertThat(ready.endpoints()).containsExactly(new Endpoint("127.0.0.1", 40001));
        assertThat(ready.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ready.load()).as("one load counter per function across refreshes")
                .isSameAs(waking.load());

        published.remove("default", "hello");
        gateway.refresh();
        assertThat(gateway.route("default", "hello")).isEmpty();
        assertThatThrownBy(() -> gateway.awaitReady("default", "hello", Duration.ofSeconds(1)).get())
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(FunctionEndpoints.NotReadyException.class);
    }

    @Test
    void callsInFlightInTheGatewayAreReportedToTheControllerThatRunsTheFunction() throws Exception {
        java.util.concurrent.BlockingQueue<String> reports = new java.util.concurrent.LinkedBlockingQueue<>();
        com.sun.net.httpserver.HttpServer controllerServer = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        controllerServer.createContext("/internal/v1/load", exchange -> {
            reports.add(exchange.getRequestHeaders().getFirst("Nubo-Internal-Token") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        controllerServer.start();
        try {
            String controllerUrl = "http://127.0.0.1:" + controllerServer.getAddress().getPort();
            routeTable(controllerPool).publish(new StoreRouteTable.StoredRoute("default", "hello", "uid-1", 1,
                    List.of(new StoreRouteTable.StoredEndpoint("127.0.0.1", 40001, 1)), Duration.ofSeconds(30), null,
                    true, controllerUrl));
            StoreFunctionEndpoints gateway = new StoreFunctionEndpoints(routeTable(apiPool),
                    new DistributedProperties(Duration.ofMillis(100), "t0ken", "", Duration.ofSeconds(1), ""));
            gateway.refresh();
            gateway.reportLoad();
            assertThat(reports.poll(300, TimeUnit.MILLISECONDS)).as("no calls: nothing to report").isNull();

            gateway.route("default", "hello").orElseThrow().load().begin();
            gateway.reportLoad();
            String busy = reports.poll(5, TimeUnit.SECONDS);
            assertThat(busy).startsWith("t0ken ").contains("\"inFlight\":1", "\"called\":true", "\"name\":\"hello\"");

            gateway.route("default", "hello").orElseThrow().load().end();
            gateway.reportLoad();
            assertThat(reports.poll(5, TimeUnit.SECONDS)).contains("\"inFlight\":0", "\"called\":false");
            gateway.reportLoad();
            assertThat(reports.poll(300, TimeUnit.MILLISECONDS)).as("idle, and said so once").isNull();
        } finally {
            controllerServer.stop(0);
        }
    }

    @Test
    void theApiValidatesWithTheRuntimesTheControllerPublished() {
        RuntimeCatalog offered = new RuntimeCatalog() {
            @Override
            public List<RuntimeInfo> runtimes() {
                return List.of(new RuntimeInfo("python3.11", "python", "3.11", "requirements.txt", "py"));
            }

            @Override
            public List<LanguageIds> languages() {
                return List.of(new LanguageIds("python", "python", List.of("python2.7", "python3.6")));
            }
        };
        StoreRuntimeCatalog catalog = new StoreRuntimeCatalog(routeTable(apiPool));
        catalog.refresh();
        assertThat(catalog.runtimes()).isEmpty();

        routeTable(controllerPool).publishCatalog("http://127.0.0.1:1", StoreRuntimeCatalog.toJson(offered));
        catalog.refresh();

        assertThat(catalog.runtimes()).isEqualTo(offered.runtimes());
        assertThat(catalog.nearest("python3.6")).map(RuntimeInfo::id).hasValue("python3.11");
    }

    private static StoreRouteTable routeTable(HikariDataSource pool) {
        return new StoreRouteTable(new JdbcTemplate(pool), new TransactionTemplate(new DataSourceTransactionManager(pool)),
                Clock.systemUTC());
    }

    private static StoreRouteTable.StoredRoute route(List<StoreRouteTable.StoredEndpoint> endpoints, String reason,
            boolean wakeable) {
        return new StoreRouteTable.StoredRoute("default", "hello", "uid-1", 3, endpoints, Duration.ofSeconds(30),
                reason, wakeable, "http://127.0.0.1:1");
    }

    /** The controller's store is the JDBC one: it polls what the API's wrote. */
    private void pollController() {
        controller.pollOtherWriters();
    }
}
