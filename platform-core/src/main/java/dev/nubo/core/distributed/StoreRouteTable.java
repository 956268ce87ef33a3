package dev.nubo.core.distributed;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.store.Databases;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The routes the controller publishes for the other services ({@code function_routes}) and the runtime catalogs
 * ({@code runtime_catalogs}): plain rows, written by the controller, read by everyone else.
 */
public class StoreRouteTable {

    /** A ready replica as stored: where it listens and which generation of the function it runs. */
    public record StoredEndpoint(String host, int port, long generation) {
        public Endpoint endpoint() {
            return new Endpoint(host, port);
        }
    }

    /**
     * One function's row.
     *
     * @param containerConcurrency most calls one of its replicas is given at once, as the controller worked it out
     *                             (the function's, else the platform's, held lower for thread-per-connection
     *                             runtimes); 0: no cap
     */
    public record StoredRoute(String namespace, String name, String uid, long generation,
            List<StoredEndpoint> endpoints, Duration timeout, String notReadyReason, boolean wakeable,
            String controllerUrl, int containerConcurrency) {

        public StoredRoute {
            endpoints = List.copyOf(endpoints);
            containerConcurrency = Math.max(0, containerConcurrency);
        }

        /** Without a cap per replica. */
        public StoredRoute(String namespace, String name, String uid, long generation,
                List<StoredEndpoint> endpoints, Duration timeout, String notReadyReason, boolean wakeable,
                String controllerUrl) {
            this(namespace, name, uid, generation, endpoints, timeout, notReadyReason, wakeable, controllerUrl, 0);
        }
    }

    /** Changes whenever any row is written or removed (a version only rises, so the sum does too). */
    public record Marker(long count, long versionSum) {
    }

    private static final TypeReference<List<StoredEndpoint>> ENDPOINTS = new TypeReference<>() { };
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String nextVersionSql;

    public StoreRouteTable(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.nextVersionSql = Databases.nextValueSql(jdbc, "function_route_version_seq");
    }

    /** Writes (replaces) one function's route. */
    public void publish(StoredRoute route) {
        transactions.executeWithoutResult(tx -> {
            long version = Objects.requireNonNull(jdbc.queryForObject(nextVersionSql, Long.class));
            jdbc.update("DELETE FROM function_routes WHERE namespace = ? AND name = ?", route.namespace(), route.name());
            jdbc.update("INSERT INTO function_routes (namespace, name, uid, generation, endpoints, timeout_ms,"
                    + " not_ready_reason, wakeable, controller_url, container_concurrency, version, updated_at)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", route.namespace(), route.name(), route.uid(),
                    route.generation(), JSON.writeValueAsString(route.endpoints()), route.timeout().toMillis(),
                    route.notReadyReason(), route.wakeable(), route.controllerUrl(), route.containerConcurrency(),
                    version, clock.instant().atOffset(ZoneOffset.UTC));
        });
    }

    public void remove(String namespace, String name) {
        jdbc.update("DELETE FROM function_routes WHERE namespace = ? AND name = ?", namespace, name);
    }

    /** Every route a controller published (at its start: what an earlier run left; at its stop: its own). */
    public int removeAll(String controllerUrl) {
        return jdbc.update("DELETE FROM function_routes WHERE controller_url = ?", controllerUrl);
    }

    /** Every route, whoever published it: a controller taking over the store starts from none. */
    public int removeAllRoutes() {
        return jdbc.update("DELETE FROM function_routes");
    }

    public Marker marker() {
        return jdbc.queryForObject("SELECT COUNT(*), COALESCE(SUM(version), 0) FROM function_routes",
                (rs, row) -> new Marker(rs.getLong(1), rs.getLong(2)));
    }

    public List<StoredRoute> readAll() {
        return jdbc.query("SELECT namespace, name, uid, generation, endpoints, timeout_ms, not_ready_reason, wakeable,"
                + " controller_url, container_concurrency FROM function_routes", (rs, row) -> new StoredRoute(
                        rs.getString("namespace"), rs.getString("name"), rs.getString("uid"),
                        rs.getLong("generation"), JSON.readValue(rs.getString("endpoints"), ENDPOINTS),
                        Duration.ofMillis(rs.getLong("timeout_ms")), rs.getString("not_ready_reason"),
                        rs.getBoolean("wakeable"), rs.getString("controller_url"),
                        rs.getInt("container_concurrency")));
    }

    // ---- runtime catalogs ----

    public void publishCatalog(String publisher, String catalogJson) {
        transactions.executeWithoutResult(tx -> {
            jdbc.update("DELETE FROM runtime_catalogs WHERE publisher = ?", publisher);
            jdbc.update("INSERT INTO runtime_catalogs (publisher, catalog, updated_at) VALUES (?,?,?)", publisher,
                    catalogJson, clock.instant().atOffset(ZoneOffset.UTC));
        });
    }

    /** The catalogs as published, newest first. */
    public List<String> readCatalogs() {
        return jdbc.queryForList("SELECT catalog FROM runtime_catalogs ORDER BY updated_at DESC", String.class);
    }
}
