package dev.nubo.core.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;

import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.model.Resource;
import dev.nubo.core.problem.ProblemException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ResourceStore} on JDBC (H2 file or PostgreSQL): one row per resource, spec and status as JSON text.
 * Concurrency is optimistic: writes compare the row's resource_version inside a transaction.
 */
public class JdbcResourceStore<R extends Resource<S, T>, S, T> implements ResourceStore<R, S, T> {

    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() { };
    private static final String COLUMNS =
            "namespace, name, uid, generation, resource_version, labels, spec, status, created_at";

    private final String kind;
    private final Class<S> specType;
    private final Class<T> statusType;
    private final Assembler<R, S, T> assembler;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final String nextVersionSql;
    private final StoreListeners<R> listeners = new StoreListeners<>();
    /** Other writers' changes ({@link #pollOtherWriters}): the last state seen of every resource; null until polled. */
    private volatile Map<String, R> seen;
    private Marker seenMarker;

    private record Marker(long count, long versionSum) { }

    public JdbcResourceStore(String kind, Class<S> specType, Class<T> statusType, Assembler<R, S, T> assembler,
            JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json, Clock clock) {
        this.kind = kind;
        this.specType = specType;
        this.statusType = statusType;
        this.assembler = assembler;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.nextVersionSql = Databases.nextValueSql(jdbc, "resource_version_seq");
    }

    @Override
    public R create(R resource) {
        ObjectMeta meta = resource.metadata();
        R created;
        try {
            created = transactions.execute(tx -> {
                requireNamespace(meta.namespace());
                long version = nextVersion();
                Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // what both databases keep
                String uid = UUID.randomUUID().toString();
                jdbc.update("INSERT INTO resources (kind, " + COLUMNS + ", updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        kind, meta.namespace(), meta.name(), uid, 1L, version, write(meta.labels()),
                        write(resource.spec()), resource.status() == null ? null : write(resource.status()),
                        timestamp(now), timestamp(now));
                return assembler.assemble(meta.stored(uid, 1L, Long.toString(version), now), resource.spec(),
                        resource.status());
            });
        } catch (DuplicateKeyException e) {
            throw StoreProblems.exists(kind, meta.namespace(), meta.name());
        }
        publish(new StoreEvent<>(StoreEvent.Type.ADDED, created, true));
        return created;
    }

    @Override
    public Optional<R> get(String namespace, String name) {
        return jdbc.query("SELECT " + COLUMNS + " FROM resources WHERE kind = ? AND namespace = ? AND name = ?",
                rowMapper(), kind, namespace, name).stream().findFirst();
    }

    @Override
    public List<R> list(String namespace) {
        return jdbc.query("SELECT " + COLUMNS + " FROM resources WHERE kind = ? AND namespace = ? ORDER BY name",
                rowMapper(), kind, namespace);
    }

    @Override
    public List<R> listAll() {
        return jdbc.query("SELECT " + COLUMNS + " FROM resources WHERE kind = ? ORDER BY namespace, name",
                rowMapper(), kind);
    }

    @Override
    public R update(R resource) {
        ObjectMeta meta = resource.metadata();
        record Updated<R>(R resource, boolean specChanged) { }
        Updated<R> updated = transactions.execute(tx -> {
            R current = lockedRow(meta.namespace(), meta.name()).orElseThrow(() -> notFound(meta));
            String expected = meta.resourceVersion();
            if (expected != null && !expected.equals(current.metadata().resourceVersion())) {
                throw StoreProblems.staleVersion(kind, meta.name(), expected, current.metadata().resourceVersion());
            }
            String newSpec = write(resource.spec());
            boolean specChanged = !Objects.equals(write(current.spec()), newSpec);
            long generation = current.metadata().generation() + (specChanged ? 1 : 0);
            long version = nextVersion();
            jdbc.update("UPDATE resources SET generation = ?, resource_version = ?, labels = ?, spec = ?, updated_at = ?"
                    + " WHERE kind = ? AND namespace = ? AND name = ?", generation, version, write(meta.labels()),
                    newSpec, timestamp(clock.instant()), kind, meta.namespace(), meta.name());
            ObjectMeta stored = new ObjectMeta(meta.name(), meta.namespace(), meta.labels(), current.metadata().uid(),
                    generation, Long.toString(version), current.metadata().creationTimestamp());
            return new Updated<>(assembler.assemble(stored, resource.spec(), current.status()), specChanged);
        });
        publish(new StoreEvent<>(StoreEvent.Type.MODIFIED, updated.resource(), updated.specChanged()));
        return updated.resource();
    }

    @Override
    public Optional<R> updateStatus(String namespace, String name, T status) {
        Optional<R> updated = transactions.execute(tx -> lockedRow(namespace, name).map(current -> {
            long version = nextVersion();
            jdbc.update("UPDATE resources SET resource_version = ?, status = ?, updated_at = ?"
                    + " WHERE kind = ? AND namespace = ? AND name = ?", version, write(status),
                    timestamp(clock.instant()), kind, namespace, name);
            return assembler.assemble(current.metadata().withResourceVersion(Long.toString(version)), current.spec(),
                    status);
        }));
        updated.ifPresent(r -> publish(new StoreEvent<>(StoreEvent.Type.MODIFIED, r, false)));
        return updated;
    }

    @Override
    public Optional<R> changeStatus(String namespace, String name,
            java.util.function.Function<? super R, ? extends T> change) {
        record Changed<R>(R resource, boolean written) { }
        Optional<Changed<R>> changed = transactions.execute(tx -> lockedRow(namespace, name).map(current -> {
            T status = change.apply(current);
            if (status == null) {
                return new Changed<>(current, false);
            }
            long version = nextVersion();
            jdbc.update("UPDATE resources SET resource_version = ?, status = ?, updated_at = ?"
                    + " WHERE kind = ? AND namespace = ? AND name = ?", version, write(status),
                    timestamp(clock.instant()), kind, namespace, name);
            return new Changed<>(assembler.assemble(current.metadata().withResourceVersion(Long.toString(version)),
                    current.spec(), status), true);
        }));
        changed.filter(Changed::written)
                .ifPresent(c -> publish(new StoreEvent<>(StoreEvent.Type.MODIFIED, c.resource(), false)));
        return changed.map(Changed::resource);
    }

    @Override
    public Optional<R> delete(String namespace, String name) {
        Optional<R> deleted = transactions.execute(tx -> lockedRow(namespace, name).map(current -> {
            jdbc.update("DELETE FROM resources WHERE kind = ? AND namespace = ? AND name = ?", kind, namespace, name);
            return current;
        }));
        deleted.ifPresent(r -> publish(new StoreEvent<>(StoreEvent.Type.DELETED, r, true)));
        return deleted;
    }

    @Override
    public void subscribe(Consumer<StoreEvent<R>> listener) {
        listeners.add(listener);
    }

    private Optional<R> lockedRow(String namespace, String name) {
        return jdbc.query("SELECT " + COLUMNS + " FROM resources WHERE kind = ? AND namespace = ? AND name = ?"
                + " FOR UPDATE", rowMapper(), kind, namespace, name).stream().findFirst();
    }

    private void requireNamespace(String namespace) {
        Integer found = jdbc.queryForObject("SELECT COUNT(*) FROM namespaces WHERE name = ?", Integer.class, namespace);
        if (found == null || found == 0) {
            throw NamespaceStore.notFound(namespace);
        }
    }

    private long nextVersion() {
        Long next = jdbc.queryForObject(nextVersionSql, Long.class);
        return Objects.requireNonNull(next);
    }

    private void publish(StoreEvent<R> event) {
        remember(event);
        notifyListeners(event);
    }

    /**
     * Publishes the changes other processes sharing this store made since the last call, as if made here: the
     * services running apart ({@code nubo.topology=distributed}) see each other's writes this way. One aggregate
     * query when nothing changed; otherwise a scan of this kind's keys and versions, and a read of each changed row.
     * The first call only takes stock. Changes made through this instance are not published twice (mostly: one
     * committed between this instance's write and its event may be).
     */
    public synchronized void pollOtherWriters() {
        Marker marker = jdbc.queryForObject("SELECT COUNT(*), COALESCE(SUM(resource_version), 0) FROM resources"
                + " WHERE kind = ?", (rs, row) -> new Marker(rs.getLong(1), rs.getLong(2)), kind);
        if (seen == null) {
            Map<String, R> all = new ConcurrentHashMap<>();
            listAll().forEach(r -> all.put(key(r.metadata().namespace(), r.metadata().name()), r));
            seen = all;
            seenMarker = marker;
            return;
        }
        if (Objects.equals(marker, seenMarker)) {
            return;
        }
        seenMarker = marker;
        record Row(String namespace, String name, String uid, long version) { }
        List<Row> rows = jdbc.query("SELECT namespace, name, uid, resource_version FROM resources WHERE kind = ?",
                (rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)), kind);
        java.util.Set<String> present = new java.util.HashSet<>();
        for (Row row : rows) {
            String key = key(row.namespace(), row.name());
            present.add(key);
            R previous = seen.get(key);
            if (previous != null && previous.metadata().uid().equals(row.uid())
                    && Long.parseLong(previous.metadata().resourceVersion()) >= row.version()) {
                continue;
            }
            Optional<R> current = get(row.namespace(), row.name());
            if (current.isEmpty()) {
                continue; // deleted since the scan: the next poll sees it gone
            }
            R now = current.get();
            boolean replaced = previous != null && !previous.metadata().uid().equals(now.metadata().uid());
            if (replaced) {
                notifyListeners(new StoreEvent<>(StoreEvent.Type.DELETED, previous, true));
            }
            seen.put(key, now);
            if (previous == null || replaced) {
                notifyListeners(new StoreEvent<>(StoreEvent.Type.ADDED, now, true));
            } else {
                boolean specChanged = previous.metadata().generation() != now.metadata().generation()
                        || !Objects.equals(previous.metadata().labels(), now.metadata().labels());
                notifyListeners(new StoreEvent<>(StoreEvent.Type.MODIFIED, now, specChanged));
            }
        }
        for (String key : List.copyOf(seen.keySet())) {
            if (!present.contains(key)) {
                R gone = seen.remove(key);
                if (gone != null) {
                    notifyListeners(new StoreEvent<>(StoreEvent.Type.DELETED, gone, true));
                }
            }
        }
    }

    private void remember(StoreEvent<R> event) {
        Map<String, R> known = seen;
        if (known == null) {
            return;
        }
        R resource = event.resource();
        String key = key(resource.metadata().namespace(), resource.metadata().name());
        if (event.type() == StoreEvent.Type.DELETED) {
            known.computeIfPresent(key, (k, r) -> r.metadata().uid().equals(resource.metadata().uid()) ? null : r);
        } else {
            known.merge(key, resource, (old, now) -> old.metadata().uid().equals(now.metadata().uid())
                    && Long.parseLong(old.metadata().resourceVersion())
                            > Long.parseLong(now.metadata().resourceVersion()) ? old : now);
        }
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    private void notifyListeners(StoreEvent<R> event) {
        listeners.publish(event);
    }

    private RowMapper<R> rowMapper() {
        return (ResultSet rs, int row) -> {
            ObjectMeta meta = new ObjectMeta(rs.getString("name"), rs.getString("namespace"),
                    json.readValue(rs.getString("labels"), LABELS), rs.getString("uid"), rs.getLong("generation"),
                    Long.toString(rs.getLong("resource_version")), instant(rs, "created_at"));
            String status = rs.getString("status");
            return assembler.assemble(meta, json.readValue(rs.getString("spec"), specType),
                    status == null ? null : json.readValue(status, statusType));
        };
    }

    private String write(Object value) {
        return json.writeValueAsString(value);
    }

    private ProblemException notFound(ObjectMeta meta) {
        return StoreProblems.notFound(kind, meta.namespace(), meta.name());
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
