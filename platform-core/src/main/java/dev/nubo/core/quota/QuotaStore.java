package dev.nubo.core.quota;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The quota of each namespace; a namespace without a row has none. Listeners hear of changes made through this
 * instance (the gateway applies a new calls-per-second quota at once; others' changes at its next resync).
 */
public class QuotaStore {

    private static final String COLUMNS = "functions, triggers, replicas, memory, code_bytes, calls_per_second";

    private final JdbcTemplate jdbc;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    public QuotaStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Quota get(String namespace) {
        return jdbc.query("SELECT " + COLUMNS + " FROM namespace_quotas WHERE namespace = ?",
                (rs, i) -> quota(rs), namespace).stream().findFirst().orElse(Quota.NONE);
    }

    /** Every namespace that has a quota. */
    public Map<String, Quota> all() {
        Map<String, Quota> all = new HashMap<>();
        jdbc.query("SELECT namespace, " + COLUMNS + " FROM namespace_quotas",
                rs -> {
                    all.put(rs.getString("namespace"), quota(rs));
                });
        return all;
    }

    public void put(String namespace, Quota quota) {
        jdbc.update("DELETE FROM namespace_quotas WHERE namespace = ?", namespace);
        jdbc.update("INSERT INTO namespace_quotas (namespace, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                namespace, quota.functions(), quota.triggers(), quota.replicas(), quota.memory(), quota.codeBytes(),
                quota.callsPerSecond());
        changed(namespace);
    }

    public void forget(String namespace) {
        jdbc.update("DELETE FROM namespace_quotas WHERE namespace = ?", namespace);
        changed(namespace);
    }

    /** {@code listener} gets the namespace whose quota changed through this instance. */
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
