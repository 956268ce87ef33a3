package dev.nubo.core.user;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/** Every write made through a service: who, what, when, from where, and its outcome. Read by namespace admins. */
public class AuditLog {

    public record Entry(long id, Instant at, String actor, String namespace, String method, String path, int status,
            String source) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public AuditLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(String actor, String namespace, String method, String path, int status, String source) {
        jdbc.update("INSERT INTO audit_log (at, actor, namespace, method, path, status, source) VALUES (?,?,?,?,?,?,?)",
                clock.instant().atOffset(ZoneOffset.UTC), actor, namespace, method, truncate(path, 1000), status,
                truncate(source, 64));
    }

    /** The newest {@code limit} entries of a namespace, newest first. */
    public List<Entry> of(String namespace, int limit) {
        return jdbc.query("SELECT id, at, actor, namespace, method, path, status, source FROM audit_log"
                + " WHERE namespace = ? ORDER BY id DESC LIMIT ?", (rs, i) -> new Entry(rs.getLong(1),
                rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getInt(7), rs.getString(8)), namespace, limit);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
