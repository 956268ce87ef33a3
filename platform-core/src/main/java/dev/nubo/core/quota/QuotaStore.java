package dev.nubo.core.quota;

import org.springframework.jdbc.core.JdbcTemplate;

/** The quota of each namespace; a namespace without a row has none. */
public class QuotaStore {

    private final JdbcTemplate jdbc;

    public QuotaStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Quota get(String namespace) {
        return jdbc.query("SELECT functions, triggers, replicas, memory, code_bytes FROM namespace_quotas"
                + " WHERE namespace = ?", (rs, i) -> new Quota(rs.getObject(1, Integer.class),
                rs.getObject(2, Integer.class), rs.getObject(3, Integer.class), rs.getString(4),
                rs.getObject(5, Long.class)), namespace).stream().findFirst().orElse(Quota.NONE);
    }

    public void put(String namespace, Quota quota) {
        jdbc.update("DELETE FROM namespace_quotas WHERE namespace = ?", namespace);
        jdbc.update("INSERT INTO namespace_quotas (namespace, functions, triggers, replicas, memory, code_bytes)"
                + " VALUES (?, ?, ?, ?, ?, ?)", namespace, quota.functions(), quota.triggers(), quota.replicas(),
                quota.memory(), quota.codeBytes());
    }

    public void forget(String namespace) {
        jdbc.update("DELETE FROM namespace_quotas WHERE namespace = ?", namespace);
    }
}
