package dev.nubo.core.store;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The namespaces on JDBC: one row each; the first migration inserts {@code default}. */
public class JdbcNamespaceStore implements NamespaceStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public JdbcNamespaceStore(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public List<String> list() {
        return jdbc.queryForList("SELECT name FROM namespaces ORDER BY name", String.class);
    }

    @Override
    public boolean exists(String name) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM namespaces WHERE name = ?", Integer.class, name);
        return count != null && count > 0;
    }

    @Override
    public void create(String name) {
        try {
            jdbc.update("INSERT INTO namespaces (name, created_at) VALUES (?, ?)", name,
                    clock.instant().atOffset(ZoneOffset.UTC));
        } catch (DuplicateKeyException e) {
            throw NamespaceStore.alreadyExists(name);
        }
    }

    @Override
    public void delete(String name) {
        if (DEFAULT.equals(name)) {
            throw NamespaceStore.defaultProtected();
        }
        transactions.executeWithoutResult(tx -> {
            if (!exists(name)) {
                throw NamespaceStore.notFound(name);
            }
            Integer held = jdbc.queryForObject("SELECT (SELECT COUNT(*) FROM resources WHERE namespace = ?)"
                    + " + (SELECT COUNT(*) FROM secrets WHERE namespace = ?)", Integer.class, name, name);
            if (held != null && held > 0) {
                throw NamespaceStore.notEmpty(name, held);
            }
            jdbc.update("DELETE FROM namespaces WHERE name = ?", name);
        });
    }
}
