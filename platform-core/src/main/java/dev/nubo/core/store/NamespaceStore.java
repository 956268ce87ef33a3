package dev.nubo.core.store;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;

/** Namespaces are tenants; {@code default} exists from the first start. */
public class NamespaceStore {

    public static final String DEFAULT = "default";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public NamespaceStore(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    public List<String> list() {
        return jdbc.queryForList("SELECT name FROM namespaces ORDER BY name", String.class);
    }

    public boolean exists(String name) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM namespaces WHERE name = ?", Integer.class, name);
        return count != null && count > 0;
    }

    public void create(String name) {
        try {
            jdbc.update("INSERT INTO namespaces (name, created_at) VALUES (?, ?)", name,
                    clock.instant().atOffset(ZoneOffset.UTC));
        } catch (DuplicateKeyException e) {
            throw ProblemException.conflict(ProblemCodes.NAMESPACE_EXISTS, "namespace " + name + " already exists");
        }
    }

    /** Deletes an empty namespace; one that still holds resources is refused (409). */
    public void delete(String name) {
        if (DEFAULT.equals(name)) {
            throw ProblemException.conflict(ProblemCodes.NAMESPACE_PROTECTED, "namespace default cannot be deleted");
        }
        transactions.executeWithoutResult(tx -> {
            if (!exists(name)) {
                throw ProblemException.notFound(ProblemCodes.NAMESPACE_NOT_FOUND, "namespace " + name + " does not exist");
            }
            Integer held = jdbc.queryForObject("SELECT (SELECT COUNT(*) FROM resources WHERE namespace = ?)"
                    + " + (SELECT COUNT(*) FROM secrets WHERE namespace = ?)", Integer.class, name, name);
            if (held != null && held > 0) {
                throw ProblemException.conflict(ProblemCodes.NAMESPACE_NOT_EMPTY,
                        "namespace " + name + " still holds " + held + " resources; delete them first");
            }
            jdbc.update("DELETE FROM namespaces WHERE name = ?", name);
        });
    }
}
