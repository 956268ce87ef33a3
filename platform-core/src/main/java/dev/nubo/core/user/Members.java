package dev.nubo.core.user;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/** Who is a member of which namespace, with which role. */
public class Members {

    public record Member(String namespace, String user, NamespaceRole role) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();

    public Members(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Counts membership changes made through this instance (for caches of verdicts). */
    public long changes() {
        return changes.get();
    }

    public Optional<NamespaceRole> role(String namespace, String user) {
        return jdbc.queryForList("SELECT role FROM namespace_members WHERE namespace = ? AND username = ?",
                String.class, namespace, user).stream().findFirst().flatMap(NamespaceRole::parse);
    }

    public List<Member> of(String namespace) {
        return jdbc.query("SELECT namespace, username, role FROM namespace_members WHERE namespace = ? ORDER BY username",
                (rs, i) -> new Member(rs.getString(1), rs.getString(2), NamespaceRole.parse(rs.getString(3)).orElseThrow()),
                namespace);
    }

    public List<Member> memberships(String user) {
        return jdbc.query("SELECT namespace, username, role FROM namespace_members WHERE username = ? ORDER BY namespace",
                (rs, i) -> new Member(rs.getString(1), rs.getString(2), NamespaceRole.parse(rs.getString(3)).orElseThrow()),
                user);
    }

    public void put(String namespace, String user, NamespaceRole role) {
        if (jdbc.update("UPDATE namespace_members SET role = ? WHERE namespace = ? AND username = ?", role.id(),
                namespace, user) == 0) {
            jdbc.update("INSERT INTO namespace_members (namespace, username, role, created_at) VALUES (?, ?, ?, ?)",
                    namespace, user, role.id(), clock.instant().atOffset(ZoneOffset.UTC));
        }
        changes.incrementAndGet(); // after the write: a verdict read before it is older than the new count
    }

    public boolean remove(String namespace, String user) {
        boolean removed = jdbc.update("DELETE FROM namespace_members WHERE namespace = ? AND username = ?", namespace,
                user) > 0;
        changes.incrementAndGet();
        return removed;
    }

    /** A deleted namespace or user leaves no membership behind (a namespace of the same name starts empty). */
    public void forgetNamespace(String namespace) {
        jdbc.update("DELETE FROM namespace_members WHERE namespace = ?", namespace);
        changes.incrementAndGet();
    }

    public void forgetUser(String user) {
        jdbc.update("DELETE FROM namespace_members WHERE username = ?", user);
        changes.incrementAndGet();
    }
}
