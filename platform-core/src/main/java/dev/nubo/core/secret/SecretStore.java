package dev.nubo.core.secret;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;

import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.store.Databases;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The secrets of every namespace on JDBC: key names in clear, values sealed with {@link SecretCipher}. Reads give
 * metadata and key names; only {@link #reveal} opens the values, for the backend that hands them to replicas.
 */
public class SecretStore {

    private static final Logger log = LoggerFactory.getLogger(SecretStore.class);
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() { };
    private static final String COLUMNS =
            "namespace, name, uid, resource_version, labels, key_names, sealed_data, key_id, created_at";

    /** A secret's values, opened, with the version they belong to. */
    public record Revealed(String resourceVersion, Map<String, String> data) {
    }

    /** A committed change of one secret (after the commit). */
    public record Change(String namespace, String name) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final SecretCipher cipher;
    private final Clock clock;
    private final String nextVersionSql;
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    /** Each secret's uid and version as last seen by {@link #pollOtherWriters}; null before its first call. */
    private Map<String, String> seen;
    private String seenMarker;

    public SecretStore(JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json, SecretCipher cipher,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.cipher = cipher;
        this.clock = clock;
        this.nextVersionSql = Databases.nextValueSql(jdbc, "resource_version_seq");
    }

    /** @throws ProblemException 409 when the name is taken, 404 when the namespace is missing */
    public Secret create(ObjectMeta meta, Map<String, String> data) {
        Secret created;
        try {
            created = transactions.execute(tx -> {
                Integer namespaces = jdbc.queryForObject("SELECT COUNT(*) FROM namespaces WHERE name = ?",
                        Integer.class, meta.namespace());
                if (namespaces == null || namespaces == 0) {
                    throw ProblemException.notFound(ProblemCodes.NAMESPACE_NOT_FOUND,
                            "namespace " + meta.namespace() + " does not exist");
                }
                long version = nextVersion();
                Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                String uid = UUID.randomUUID().toString();
                Map<String, String> sorted = new TreeMap<>(data);
                jdbc.update("INSERT INTO secrets (" + COLUMNS + ", updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                        meta.namespace(), meta.name(), uid, version, json.writeValueAsString(meta.labels()),
                        json.writeValueAsString(List.copyOf(sorted.keySet())), seal(sorted), cipher.keyId(),
                        now.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC));
                return Secret.described(meta.stored(uid, 1L, Long.toString(version), now), List.copyOf(sorted.keySet()));
            });
        } catch (DuplicateKeyException e) {
            throw ProblemException.conflict("SECRET_EXISTS",
                    "secret " + meta.name() + " already exists in namespace " + meta.namespace());
        }
        publish(new Change(meta.namespace(), meta.name()));
        return created;
    }

    /**
     * Replaces the values (all of them) and labels; a resourceVersion in {@code meta} must be the current one.
     *
     * @throws ProblemException 404 when missing, 409 when the resourceVersion is stale
     */
    public Secret replace(ObjectMeta meta, Map<String, String> data) {
        Secret replaced = transactions.execute(tx -> {
            Secret current = get(meta.namespace(), meta.name(), true).orElseThrow(() -> notFound(meta.namespace(),
                    meta.name()));
            if (meta.resourceVersion() != null && !meta.resourceVersion().equals(current.metadata().resourceVersion())) {
                throw ProblemException.conflict(ProblemCodes.RESOURCE_VERSION_CONFLICT, "secret " + meta.name()
                        + " was changed since resourceVersion " + meta.resourceVersion() + ": read it again");
            }
            long version = nextVersion();
            Map<String, String> sorted = new TreeMap<>(data);
            jdbc.update("UPDATE secrets SET resource_version = ?, labels = ?, key_names = ?, sealed_data = ?,"
                    + " key_id = ?, updated_at = ? WHERE namespace = ? AND name = ?", version,
                    json.writeValueAsString(meta.labels()), json.writeValueAsString(List.copyOf(sorted.keySet())),
                    seal(sorted), cipher.keyId(), clock.instant().atOffset(ZoneOffset.UTC), meta.namespace(),
                    meta.name());
            ObjectMeta stored = new ObjectMeta(meta.name(), meta.namespace(), meta.labels(), current.metadata().uid(),
                    null, Long.toString(version), current.metadata().creationTimestamp());
            return Secret.described(stored, List.copyOf(sorted.keySet()));
        });
        publish(new Change(meta.namespace(), meta.name()));
        return replaced;
    }

    public Optional<Secret> get(String namespace, String name) {
        return get(namespace, name, false);
    }

    private Optional<Secret> get(String namespace, String name, boolean lock) {
        return jdbc.query("SELECT " + COLUMNS + " FROM secrets WHERE namespace = ? AND name = ?"
                + (lock ? " FOR UPDATE" : ""), described(), namespace, name).stream().findFirst();
    }

    public List<Secret> list(String namespace) {
        return jdbc.query("SELECT " + COLUMNS + " FROM secrets WHERE namespace = ? ORDER BY name", described(),
                namespace);
    }

    public Optional<Secret> delete(String namespace, String name) {
        Optional<Secret> deleted = transactions.execute(tx -> get(namespace, name, true).map(current -> {
            jdbc.update("DELETE FROM secrets WHERE namespace = ? AND name = ?", namespace, name);
            return current;
        }));
        deleted.ifPresent(s -> publish(new Change(namespace, name)));
        return deleted;
    }

    /** The values, opened: for the backend only, never for an API response or a log. */
    public Optional<Revealed> reveal(String namespace, String name) {
        return jdbc.query("SELECT resource_version, sealed_data, key_id FROM secrets WHERE namespace = ? AND name = ?",
                (rs, row) -> {
                    if (!cipher.keyId().equals(rs.getString("key_id"))) {
                        throw new IllegalStateException("secret " + namespace + "/" + name + " was sealed with another"
                                + " key (id " + rs.getString("key_id") + "; this platform's is " + cipher.keyId() + ")");
                    }
                    String plain = new String(cipher.decrypt(rs.getString("sealed_data")), StandardCharsets.UTF_8);
                    return new Revealed(Long.toString(rs.getLong("resource_version")), json.readValue(plain, STRINGS));
                }, namespace, name).stream().findFirst();
    }

    public void subscribe(Consumer<Change> listener) {
        listeners.add(listener);
    }

    /**
     * Publishes the secret changes other processes sharing this store made since the last call (the services running
     * apart: the API writes a secret, the controller rolls the replicas that use it). One aggregate query when
     * nothing changed (a version only rises, and a secret made again gets a new one); the first call takes stock.
     * Nothing to do without subscribers. A change made through this instance may be published a second time here:
     * subscribers only look again.
     */
    public synchronized void pollOtherWriters() {
        if (listeners.isEmpty()) {
            return;
        }
        String marker = jdbc.queryForObject("SELECT COUNT(*), COALESCE(SUM(resource_version), 0) FROM secrets",
                (rs, row) -> rs.getLong(1) + ":" + rs.getLong(2));
        if (Objects.equals(marker, seenMarker)) {
            return;
        }
        Map<String, String> now = new java.util.HashMap<>();
        jdbc.query("SELECT namespace, name, uid, resource_version FROM secrets", rs -> {
            now.put(rs.getString(1) + "/" + rs.getString(2), rs.getString(3) + ":" + rs.getLong(4));
        });
        Map<String, String> before = seen;
        seen = now;
        seenMarker = marker;
        if (before == null) {
            return;
        }
        java.util.Set<String> changed = new java.util.TreeSet<>();
        now.forEach((key, version) -> {
            if (!version.equals(before.get(key))) {
                changed.add(key);
            }
        });
        before.keySet().stream().filter(key -> !now.containsKey(key)).forEach(changed::add);
        changed.forEach(key -> {
            int slash = key.indexOf('/');
            publish(new Change(key.substring(0, slash), key.substring(slash + 1)));
        });
    }

    public static ProblemException notFound(String namespace, String name) {
        return ProblemException.notFound("SECRET_NOT_FOUND", "secret " + name + " not found in namespace " + namespace);
    }

    private String seal(Map<String, String> data) {
        return cipher.encrypt(json.writeValueAsString(data).getBytes(StandardCharsets.UTF_8));
    }

    private long nextVersion() {
        return Objects.requireNonNull(jdbc.queryForObject(nextVersionSql, Long.class));
    }

    private void publish(Change change) {
        for (Consumer<Change> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                log.error("secret subscriber failed on {}/{}", change.namespace(), change.name(), e);
            }
        }
    }

    private RowMapper<Secret> described() {
        return (rs, row) -> {
            var created = rs.getObject("created_at", java.time.OffsetDateTime.class);
            ObjectMeta meta = new ObjectMeta(rs.getString("name"), rs.getString("namespace"),
                    json.readValue(rs.getString("labels"), STRINGS), rs.getString("uid"), null,
                    Long.toString(rs.getLong("resource_version")), created == null ? null : created.toInstant());
            return Secret.described(meta, json.readValue(rs.getString("key_names"), NAMES));
        };
    }
}
