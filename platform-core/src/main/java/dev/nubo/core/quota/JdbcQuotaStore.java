package dev.nubo.core.quota;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The quotas in the database: one row per namespace that has one. Listeners hear of changes made through this
 * instance (the gateway applies a new calls-per-second quota at once; others' changes at its next resync).
 */
public class JdbcQuotaStore implements QuotaStore {

    private static final String COLUMNS = "functions, triggers, replicas, memory, code_bytes, calls_per_second";

    private final JdbcTemplate jdbc;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    public JdbcQuotaStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Quota get(String namespace) {
        return jdbc.query("SELECT " + COLUMNS + " FROM namespace_quotas WHERE namespace = ?",
                (rs, i) -> quota(rs), namespace).stream().findFirst().orElse(Quota.NONE);
    }

    @Override
    public Map<String, Quota> all() {
        Map<String, Quota> all = new HashMap<>();
        jdbc.query("SELECT namespace, " + COLUMNS + " FROM namespace_quotas",
                rs -> {
                    all.put(rs.getString("namespace"), quota(rs));
                });
        return all;
    }

    @Override
    public void put(String namespace, Quota quota) {
        jdbc.update("DELETE FROM namespace_quotas WHERE namespace = ?", namespace);
        jdbc.update("INSERT INTO namespace_quotas (namespace, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                namespace, quota.functions(), quota.triggers(), quota.replicas(), quota.memory(), quota.codeBytes(),
                quota.callsPerSecond());
        changed(namespace);
    }

    @Override
    public void forget(String namespace) {
        jdbc.update("DELETE FROM namespace_quotas WHERE namespace = ?", namespace);
        changed(namespace);
    }

    @Override
    public void subscribe(Consumer<String> listener) {
        listeners.add(listener);
    }

    private void changed(String namespace) {
        listeners.forEach(listener -> listener.accept(namespace));
    }

    private static Quota quota(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Quota(rs.getObject("functions", Integer.class), rs.getObject("triggers", Integer.class),
                rs.getObject("replicas", Integer.class), rs.getString("memory"), rs.getObject("code_bytes", Long.class),
                rs.getObject("calls_per_second", Integer.class));
    }
}
