package dev.nubo.core.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariDataSource;

import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.endpoint.FunctionRoute;
import dev.nubo.core.endpoint.ReplicaSlots;
import dev.nubo.core.testing.TestDatabases;

/**
 * The cap per replica travels from the controller to a gateway running apart through the route table, on both
 * stores' migrations: the gateway then gives a replica no more calls at once than the cap, holds the next call and
 * hands it the first place that frees, and refuses it when none frees in time — as one process does.
 */
class StoreRouteCapTest {

    private static final Endpoint A = new Endpoint("127.0.0.1", 40001);
    private static final Endpoint B = new Endpoint("127.0.0.1", 40002);

    @TempDir
    Path dir;

    private HikariDataSource controllerPool;
    private HikariDataSource gatewayPool;
    private String schema;

    @AfterEach
    void close() throws Exception {
        gatewayPool.close();
        controllerPool.close();
        if (schema != null) {
            TestDatabases.dropPostgresSchema(schema);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aGatewayRunningApartKeepsEachReplicaToThePublishedCap(String vendor) {
        open(vendor);
        StoreRouteTable controller = routeTable(controllerPool);
        controller.publish(new StoreRouteTable.StoredRoute("default", "hello", "uid-1", 2,
                List.of(new StoreRouteTable.StoredEndpoint(A.host(), A.port(), 2),
                        new StoreRouteTable.StoredEndpoint(B.host(), B.port(), 2)),
                Duration.ofSeconds(30), null, false, "http://127.0.0.1:1", 2));
        controller.publish(new StoreRouteTable.StoredRoute("default", "uncapped", "uid-2", 1,
                List.of(new StoreRouteTable.StoredEndpoint(A.host(), 40003, 1)), Duration.ofSeconds(30), null, false,
                "http://127.0.0.1:1"));

        StoreFunctionEndpoints gateway = new StoreFunctionEndpoints(routeTable(gatewayPool),
                new DistributedProperties(Duration.ofMillis(100), "", "", Duration.ofSeconds(1), ""));
        gateway.refresh();
        assertThat(routeTable(gatewayPool).readAll()).extracting(StoreRouteTable.StoredRoute::name,
                StoreRouteTable.StoredRoute::containerConcurrency)
                .containsExactlyInAnyOrder(Tuple.tuple("hello", 2),
                        Tuple.tuple("uncapped", 0));
        FunctionRoute route = gateway.route("default", "hello").orElseThrow();
        assertThat(route.containerConcurrency()).isEqualTo(2);

        List<ReplicaSlots.Lease> placed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            placed.add(ReplicaSlots.place(gateway, route, Duration.ofSeconds(30)).join());
        }
        assertThat(placed).extracting(ReplicaSlots.Lease::endpoint).containsExactlyInAnyOrder(A, A, B, B);

        CompletableFuture<ReplicaSlots.Lease> held = ReplicaSlots.place(gateway, route, Duration.ofSeconds(30));
        CompletableFuture<ReplicaSlots.Lease> refused = ReplicaSlots.place(gateway, route, Duration.ofMillis(200));
        assertThat(held).as("both replicas are at their cap: the call waits").isNotDone();
        assertThat(refused).failsWithin(5, TimeUnit.SECONDS).withThrowableThat()
                .havingCause().isInstanceOf(ReplicaSlots.BusyException.class)
                .withMessageContaining("has 2 calls");
        assertThat(held).isNotDone();

        placed.getFirst().release();
        assertThat(held).succeedsWithin(5, TimeUnit.SECONDS).extracting(ReplicaSlots.Lease::endpoint)
                .isEqualTo(placed.getFirst().endpoint());
        assertThat(route.load().slots().busy(A) + route.load().slots().busy(B)).isEqualTo(4);

        FunctionRoute uncapped = gateway.route("default", "uncapped").orElseThrow();
        assertThat(uncapped.containerConcurrency()).as("a route written without a cap").isZero();
        for (int i = 0; i < 50; i++) {
            assertThat(uncapped.load().slots().tryAcquire(uncapped)).isNotNull();
        }
    }

    private void open(String vendor) {
        if (vendor.equals("h2")) {
            controllerPool = TestDatabases.h2(dir);
            gatewayPool = controllerPool; // one file: H2 runs in this JVM only
        } else {
            schema = TestDatabases.newPostgresSchema();
            controllerPool = TestDatabases.postgres(schema);
            gatewayPool = TestDatabases.postgres(schema);
        }
    }

    private static StoreRouteTable routeTable(HikariDataSource pool) {
        return new StoreRouteTable(new JdbcTemplate(pool), new TransactionTemplate(new DataSourceTransactionManager(pool)),
                Clock.systemUTC());
    }
}
