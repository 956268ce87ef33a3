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
    /** Resources whose spec is up to this size (JSON characters) stay parsed in memory; larger ones are read each time. */
    static final int CACHED_SPEC_LIMIT = 256 * 1024;
    /** Above this many rows not in memory, one query reads them all again instead of fetching those by uid. */
    private static final int FETCH_BY_UID_MAX = 64;

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

    /**
     * The resources as last read or written, by uid; an entry answers a read only while its resource version is the
     * row's (versions come from a sequence, never reused). Reading and parsing the spec and status columns (CLOBs,
     * the spec with the code) on every list and status write was 28 % of everything the platform allocated while
     * 1,000 functions started (bench/scale); now a read asks the database for versions and parses only what changed.
     */
    private final Map<String, R> parsed = new ConcurrentHashMap<>();

    private record Marker(long count, long versionSum) { }

    private record RowVersion(String uid, String resourceVersion) { }

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
                String spec = write(resource.spec());
                jdbc.update("INSERT INTO resources (kind, " + COLUMNS + ", updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        kind, meta.namespace(), meta.name(), uid, 1L, version, write(meta.labels()),
                        spec, resource.status() == null ? null : write(resource.status()),
                        timestamp(now), timestamp(now));
                R stored = assembler.assemble(meta.stored(uid, 1L, Long.toString(version), now), resource.spec(),
                        resource.status());
                remember(stored, spec.length());
                return stored;
            });
        } catch (DuplicateKeyException e) {
            throw StoreProblems.exists(kind, meta.namespace(), meta.name());
        }
        publish(new StoreEvent<>(StoreEvent.Type.ADDED, created, true));
        return created;
    }

    @Override
    public Optional<R> get(String namespace, String name) {
        return select("kind = ? AND namespace = ? AND name = ?", kind, namespace, name).stream().findFirst();
    }

    @Override
    public List<R> list(String namespace) {
        return select("kind = ? AND namespace = ? ORDER BY name", kind, namespace);
    }

    @Override
    public List<R> listAll() {
        return select("kind = ? ORDER BY namespace, name", kind);
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
            R written = assembler.assemble(stored, resource.spec(), current.status());
            remember(written, newSpec.length());
            return new Updated<>(written, specChanged);
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
            return rememberStatusChange(assembler.assemble(
                    current.metadata().withResourceVersion(Long.toString(version)), current.spec(), status));
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
            return new Changed<>(rememberStatusChange(assembler.assemble(
                    current.metadata().withResourceVersion(Long.toString(version)), current.spec(), status)), true);
        }));
        changed.filter(Changed::written)
                .ifPresent(c -> publish(new StoreEvent<>(StoreEvent.Type.MODIFIED, c.resource(), false)));
        return changed.map(Changed::resource);
    }

    @Override
    public Optional<R> delete(String namespace, String name) {
        Optional<R> deleted = transactions.execute(tx -> lockedRow(namespace, name).map(current -> {
            jdbc.update("DELETE FROM resources WHERE kind = ? AND namespace = ? AND name = ?", kind, namespace, name);
            parsed.remove(current.metadata().uid());
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
        return select("kind = ? AND namespace = ? AND name = ? FOR UPDATE", kind, namespace, name).stream().findFirst();
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
                parsed.remove(previous.metadata().uid());
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
                    parsed.remove(gone.metadata().uid());
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

    /**
     * The rows matching {@code condition} (and its ORDER BY / FOR UPDATE), in their order: their versions from the
     * database, the resources from memory where the version matches; the rest read and parsed (by uid when few).
     */
    private List<R> select(String condition, Object... args) {
        List<RowVersion> rows = jdbc.query("SELECT uid, resource_version FROM resources WHERE " + condition,
                (rs, i) -> new RowVersion(rs.getString(1), Long.toString(rs.getLong(2))), args);
        Map<String, R> found = new java.util.HashMap<>();
        List<String> stale = new java.util.ArrayList<>();
        for (RowVersion row : rows) {
            R known = parsed.get(row.uid());
            if (known != null && known.metadata().resourceVersion().equals(row.resourceVersion())) {
                found.put(row.uid(), known);
            } else {
                stale.add(row.uid());
            }
        }
        if (stale.size() > FETCH_BY_UID_MAX) {
            return jdbc.query("SELECT " + COLUMNS + " FROM resources WHERE " + condition, rowMapper(), args);
        }
        if (!stale.isEmpty()) {
            String uids = String.join(",", java.util.Collections.nCopies(stale.size(), "?"));
            jdbc.query("SELECT " + COLUMNS + " FROM resources WHERE uid IN (" + uids + ")", rowMapper(),
                    stale.toArray()).forEach(r -> found.put(r.metadata().uid(), r));
        }
        return rows.stream().map(row -> found.get(row.uid()))
                .filter(Objects::nonNull) // deleted between the two queries
                .toList();
    }

    private RowMapper<R> rowMapper() {
        return (ResultSet rs, int row) -> {
            ObjectMeta meta = new ObjectMeta(rs.getString("name"), rs.getString("namespace"),
                    json.readValue(rs.getString("labels"), LABELS), rs.getString("uid"), rs.getLong("generation"),
                    Long.toString(rs.getLong("resource_version")), instant(rs, "created_at"));
            String spec = rs.getString("spec");
            String status = rs.getString("status");
            R resource = assembler.assemble(meta, json.readValue(spec, specType),
                    status == null ? null : json.readValue(status, statusType));
            remember(resource, spec.length());
            return resource;
        };
    }

    /**
     * Keeps a resource read or written, unless its spec is too large to keep. Last one wins: an older or rolled-back
     * version kept by a race only costs the next read one fetch, as its version no longer matches the row's.
     */
    private void remember(R resource, int specJsonLength) {
        if (specJsonLength <= CACHED_SPEC_LIMIT) {
            parsed.put(resource.metadata().uid(), resource);
        } else {
            parsed.remove(resource.metadata().uid());
        }
    }

    /** After a status write: kept only when the resource was (its spec is small enough to keep). */
    private R rememberStatusChange(R resource) {
        parsed.computeIfPresent(resource.metadata().uid(), (uid, known) -> resource);
        return resource;
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
