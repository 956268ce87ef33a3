package dev.nubo.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.store.JdbcNamespaceStore;
import dev.nubo.core.store.NamespaceStore;
import tools.jackson.databind.json.JsonMapper;

/** What every secret store promises; run on an H2 file and on PostgreSQL. */
abstract class SecretStoreContract {

    private static final String CANARY = "canary-7d1f0c2e-value";

    protected abstract DataSource openDatabase();

    private JdbcTemplate jdbc;
    private SecretStore store;
    private NamespaceStore namespaces;

    @BeforeEach
    void open() {
        DataSource dataSource = openDatabase();
        jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        store = new SecretStore(jdbc, tx, JsonMapper.builder().build(), new SecretCipher(SecretCipher.newKey()),
                Clock.systemUTC());
        namespaces = new JdbcNamespaceStore(jdbc, tx, Clock.systemUTC());
    }

    @Test
    void valuesAreStoredSealedAndReadBackOnlyByReveal() {
        Secret created = store.create(ObjectMeta.named("default", "db"), Map.of("password", CANARY, "user", "app"));

        assertThat(created.keys()).containsExactly("password", "user");
        assertThat(created.data()).isNull();
        assertThat(store.get("default", "db").orElseThrow().keys()).containsExactly("password", "user");
        assertThat(store.list("default")).extracting(s -> s.metadata().name()).containsExactly("db");
        String row = jdbc.queryForObject("SELECT sealed_data FROM secrets WHERE name = 'db'", String.class);
        assertThat(row).doesNotContain(CANARY).doesNotContain("password");
        assertThat(store.reveal("default", "db").orElseThrow().data())
                .containsExactlyInAnyOrderEntriesOf(Map.of("password", CANARY, "user", "app"));
    }

    @Test
    void replaceChecksTheVersionAndChangesEveryValue() {
        Secret created = store.create(ObjectMeta.named("default", "api"), Map.of("token", "one"));
        List<SecretStore.Change> changes = new CopyOnWriteArrayList<>();
        store.subscribe(changes::add);

        Secret replaced = store.replace(ObjectMeta.named("default", "api")
                .withResourceVersion(created.metadata().resourceVersion()), Map.of("token", "two", "extra", "x"));

        assertThat(Long.parseLong(replaced.metadata().resourceVersion()))
                .isGreaterThan(Long.parseLong(created.metadata().resourceVersion()));
        assertThat(store.reveal("default", "api").orElseThrow().data()).containsEntry("token", "two")
                .containsEntry("extra", "x");
        assertThat(changes).containsExactly(new SecretStore.Change("default", "api"));
        assertThatThrownBy(() -> store.replace(ObjectMeta.named("default", "api")
                .withResourceVersion(created.metadata().resourceVersion()), Map.of("token", "three")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void aTakenNameAMissingNamespaceAndAnotherKeyAreRefusedClearly() {
        store.create(ObjectMeta.named("default", "twice"), Map.of("k", "v"));

        assertThatThrownBy(() -> store.create(ObjectMeta.named("default", "twice"), Map.of("k", "v")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo("SECRET_EXISTS"));
        assertThatThrownBy(() -> store.create(ObjectMeta.named("nowhere", "x"), Map.of("k", "v")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(404));
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        SecretStore otherKey = new SecretStore(jdbc, tx, JsonMapper.builder().build(),
                new SecretCipher(SecretCipher.newKey()), Clock.systemUTC());
        assertThatThrownBy(() -> otherKey.reveal("default", "twice")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another key");
    }

    @Test
    void aNamespaceWithSecretsIsNotDeletedUnderThem() {
        namespaces.create("team-a");
        store.create(ObjectMeta.named("team-a", "db"), Map.of("k", "v"));

        assertThatThrownBy(() -> namespaces.delete("team-a")).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.status()).isEqualTo(409));

        assertThat(store.delete("team-a", "db")).isPresent();
        namespaces.delete("team-a");
        assertThat(namespaces.exists("team-a")).isFalse();
    }
}
