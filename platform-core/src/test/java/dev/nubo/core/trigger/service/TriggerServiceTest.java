package dev.nubo.core.trigger.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.zaxxer.hikari.HikariDataSource;

import dev.nubo.core.model.Condition;
import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.testing.TestDatabases;
import dev.nubo.core.testing.TestFunctions;
import dev.nubo.core.testing.TestTriggerStores;
import dev.nubo.core.testing.TestTriggers;
import dev.nubo.core.trigger.CredentialHashes;
import dev.nubo.core.trigger.HttpTrigger;
import dev.nubo.core.trigger.HttpTriggerSpec;
import dev.nubo.core.trigger.KafkaTrigger;
import dev.nubo.core.trigger.KafkaTriggerSpec;
import dev.nubo.core.trigger.Trigger;
import dev.nubo.core.trigger.TriggerConditions;
import dev.nubo.core.trigger.TriggerKind;
import dev.nubo.core.trigger.TriggerSpec;
import dev.nubo.core.trigger.TriggerStatus;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.ValidationException;

/** The trigger use cases over the real store (H2 file). */
class TriggerServiceTest {

    private static final String CANARY = "canary-7f3a9e1c5b2d8f40";
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    @TempDir
    Path dir;
    private HikariDataSource dataSource;
    private TestTriggerStores stores;

    @BeforeEach
    void open() {
        dataSource = TestDatabases.h2(dir);
        stores = TestTriggerStores.over(dataSource);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    private <T extends Trigger<S>, S extends TriggerSpec> TriggerService<T, S> service(TriggerKind<T, S> kind) {
        return new TriggerService<>(kind, stores.of(kind), stores.namespaces(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static Stream<TriggerKind<?, ?>> kinds() {
        return TriggerKind.ALL.stream();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    <T extends Trigger<S>, S extends TriggerSpec> void aNewTriggerIsStoredWithDefaultsAndWaitsForItsDispatcher(
            TriggerKind<T, S> kind) {
        T created = service(kind).create("default", TestTriggers.valid(kind, null, "t1"));

        assertThat(created.metadata().namespace()).isEqualTo("default");
        assertThat(created.metadata().generation()).isEqualTo(1);
        assertThat(created.spec()).isEqualTo(kind.withDefaults(created.metadata(),
                TestTriggers.valid(kind, "default", "t1").spec()));
        Condition ready = created.status().conditions().getFirst();
        assertThat(ready).isEqualTo(new Condition(TriggerConditions.READY, Condition.UNKNOWN,
                TriggerConditions.REASON_PENDING, "waiting for the dispatcher", NOW));
        assertThat(stores.of(kind).get("default", "t1")).contains(created);
        assertThat(service(kind).list("default")).containsExactly(created);
        assertThat(service(kind).get("default", "t1")).isEqualTo(created);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    <T extends Trigger<S>, S extends TriggerSpec> void missingThingsHaveTheirCodes(TriggerKind<T, S> kind) {
        TriggerService<T, S> triggers = service(kind);

        assertThatThrownBy(() -> triggers.get("default", "nope")).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.code()).isEqualTo(kind.notFoundCode()));
        assertThatThrownBy(() -> triggers.delete("default", "nope")).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.code()).isEqualTo(kind.notFoundCode()));
        assertThatThrownBy(() -> triggers.replace("default", "nope", TestTriggers.valid(kind, null, "nope")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(kind.notFoundCode()));
        for (var call : new org.assertj.core.api.ThrowableAssert.ThrowingCallable[] {
                () -> triggers.list("nowhere"), () -> triggers.get("nowhere", "t"),
                () -> triggers.create("nowhere", TestTriggers.valid(kind, null, "t")),
                () -> triggers.delete("nowhere", "t")}) {
            assertThatThrownBy(call).isInstanceOfSatisfying(ProblemException.class, e -> {
                assertThat(e.status()).isEqualTo(404);
                assertThat(e.code()).isEqualTo(ProblemCodes.NAMESPACE_NOT_FOUND);
            });
        }
        triggers.create("default", TestTriggers.valid(kind, null, "t1"));
        assertThatThrownBy(() -> triggers.create("default", TestTriggers.valid(kind, null, "t1")))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(kind.existsCode()));
    }

    @Test
    void badInputListsEveryProblemAndStoresNothing() {
        KafkaTrigger bad = TestTriggers.of(TriggerKind.KAFKA, null, "Bad_Name",
                "{\"topics\": [\"a b\"], \"maxRetries\": -1}");

        assertThatThrownBy(() -> service(TriggerKind.KAFKA).create("default", bad))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::code)
                        .containsExactly("NAME_INVALID", "TARGET_REQUIRED", "TOPIC_INVALID", "OUT_OF_RANGE"));
        assertThat(stores.kafka().listAll()).isEmpty();
    }

    @Test
    void thePathDecidesNamespaceAndName() {
        TriggerService<KafkaTrigger, KafkaTriggerSpec> kafka = service(TriggerKind.KAFKA);
        stores.namespaces().create("team-a");

        assertThatThrownBy(() -> kafka.create("default", TestTriggers.valid(TriggerKind.KAFKA, "team-a", "t1")))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.errors().getFirst().code()).isEqualTo("NAMESPACE_MISMATCH"));
        kafka.create("default", TestTriggers.valid(TriggerKind.KAFKA, null, "t1"));
        assertThatThrownBy(() -> kafka.replace("default", "t1", TestTriggers.valid(TriggerKind.KAFKA, null, "t2")))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.errors().getFirst().code()).isEqualTo(ProblemCodes.NAME_MISMATCH));
        KafkaTrigger nameless = TriggerKind.KAFKA.assemble(null, TestTriggers.valid(TriggerKind.KAFKA, null, "x")
                .spec(), null);
        assertThat(kafka.replace("default", "t1", nameless).metadata().name()).isEqualTo("t1");
    }

    @Test
    void whatTheClientSaysAboutStatusAndIdentityIsIgnored() {
        KafkaTrigger submitted = TestTriggers.valid(TriggerKind.KAFKA, null, "t1");
        KafkaTrigger forged = TriggerKind.KAFKA.assemble(new ObjectMeta("t1", null, null, "forged-uid", 99L, null,
                NOW.minusSeconds(3600)), submitted.spec(), new TriggerStatus(java.util.List.of(Condition.of(
                        "Ready", "True", "Active", "forged")), 7L, null, null, null, null, null, null));

        KafkaTrigger created = service(TriggerKind.KAFKA).create("default", forged);

        assertThat(created.metadata().uid()).isNotEqualTo("forged-uid");
        assertThat(created.metadata().generation()).isEqualTo(1);
        assertThat(created.status().conditions().getFirst().reason()).isEqualTo(TriggerConditions.REASON_PENDING);
    }

    @Test
    void aStaleResourceVersionIsAConflictAndChangesNothing() {
        TriggerService<KafkaTrigger, KafkaTriggerSpec> kafka = service(TriggerKind.KAFKA);
        KafkaTrigger created = kafka.create("default", TestTriggers.valid(TriggerKind.KAFKA, null, "t1"));
        KafkaTrigger v2 = TestTriggers.of(TriggerKind.KAFKA, "default", "t1",
                "{\"function\": \"hello\", \"topics\": [\"v2\"]}");
        kafka.replace("default", "t1", v2.withMetadata(created.metadata()));

        assertThatThrownBy(() -> kafka.replace("default", "t1", v2.withSpec(TestTriggers.of(TriggerKind.KAFKA,
                "default", "t1", "{\"function\": \"hello\", \"topics\": [\"v3\"]}").spec())
                .withMetadata(created.metadata()))).isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo(ProblemCodes.RESOURCE_VERSION_CONFLICT);
                });
        KafkaTrigger stored = kafka.get("default", "t1");
        assertThat(stored.spec().topics()).containsExactly("v2");
        assertThat(stored.metadata().generation()).isEqualTo(2);
    }

    @Test
    void secretsAreStoredHashedAndNeverAnswered() {
        TriggerService<HttpTrigger, HttpTriggerSpec> http = service(TriggerKind.HTTP);
        HttpTrigger submitted = TestTriggers.of(TriggerKind.HTTP, null, "secure", """
                {"function": "hello", "auth": {"type": "basic", "users": [{"username": "alice", "password": "%s"}]}}"""
                .formatted(CANARY));

        HttpTrigger created = http.create("default", submitted);

        assertThat(created.spec().auth().users()).containsExactly(new HttpTriggerSpec.BasicUser("alice", null, null));
        String storedHash = stores.http().get("default", "secure").orElseThrow().spec().auth().users().getFirst()
                .passwordHash();
        assertThat(CredentialHashes.passwordMatches(CANARY, storedHash)).isTrue();
        assertThat(stores.http().get("default", "secure").orElseThrow().toString()).doesNotContain(CANARY);
        for (Object answer : java.util.List.of(created, http.get("default", "secure"), http.list("default"),
                http.replace("default", "secure", created), http.delete("default", "secure"))) {
            assertThat(answer.toString()).doesNotContain(CANARY, storedHash, "passwordHash=$");
        }
    }

    @Test
    void getEditPutKeepsPasswordsAndANewOneReplacesIt() {
        TriggerService<HttpTrigger, HttpTriggerSpec> http = service(TriggerKind.HTTP);
        http.create("default", TestTriggers.of(TriggerKind.HTTP, null, "secure", """
                {"function": "hello", "auth": {"type": "basic", "users": [{"username": "alice", "password": "%s"}]}}"""
                .formatted(CANARY)));
        String firstHash = stores.http().get("default", "secure").orElseThrow().spec().auth().users().getFirst()
                .passwordHash();

        HttpTrigger read = http.get("default", "secure");
        HttpTrigger edited = http.replace("default", "secure", read.withSpec(new HttpTriggerSpec("hello", null, null,
                "/new", null, null, read.spec().auth(), null, null, null)));

        assertThat(edited.spec().path()).isEqualTo("/new");
        assertThat(stores.http().get("default", "secure").orElseThrow().spec().auth().users().getFirst().passwordHash())
                .isEqualTo(firstHash);

        http.replace("default", "secure", TestTriggers.of(TriggerKind.HTTP, null, "secure", """
                {"function": "hello", "auth": {"type": "basic", "users": [{"username": "alice", "password": "%s"}]}}"""
                .formatted(CANARY + "-2")));
        String secondHash = stores.http().get("default", "secure").orElseThrow().spec().auth().users().getFirst()
                .passwordHash();
        assertThat(CredentialHashes.passwordMatches(CANARY + "-2", secondHash)).isTrue();
        assertThat(CredentialHashes.passwordMatches(CANARY, secondHash)).isFalse();
    }

    @Test
    void aClientCannotSetAHashAndANewUserNeedsAPassword() {
        TriggerService<HttpTrigger, HttpTriggerSpec> http = service(TriggerKind.HTTP);
        HttpTrigger forged = TestTriggers.of(TriggerKind.HTTP, null, "secure", """
                {"function": "hello", "auth": {"type": "basic", "users": [{"username": "alice", "passwordHash": "%s"}]}}"""
                .formatted(CredentialHashes.hashPassword(CANARY)));
        HttpTrigger passwordless = TestTriggers.of(TriggerKind.HTTP, null, "secure",
                "{\"function\": \"hello\", \"auth\": {\"type\": \"basic\", \"users\": [{\"username\": \"alice\"}]}}");

        assertThatThrownBy(() -> http.create("default", forged)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.errors()).extracting(FieldError::code).containsExactly("FIELD_READ_ONLY"));
        assertThatThrownBy(() -> http.create("default", passwordless)).isInstanceOfSatisfying(
                ValidationException.class,
                e -> assertThat(e.errors()).extracting(FieldError::code).containsExactly("PASSWORD_REQUIRED"));
        assertThat(stores.http().listAll()).isEmpty();
    }

    @Test
    void deletingAFunctionKeepsItsTriggersAndDeletingATriggerKeepsItsFunction() {
        stores.functions().create(TestFunctions.hello("default", "hello"));
        service(TriggerKind.KAFKA).create("default", TestTriggers.valid(TriggerKind.KAFKA, null, "t1"));
        service(TriggerKind.CRON).create("default", TestTriggers.valid(TriggerKind.CRON, null, "t1"));

        stores.functions().delete("default", "hello");
        assertThat(service(TriggerKind.KAFKA).list("default")).hasSize(1);

        stores.functions().create(TestFunctions.hello("default", "hello"));
        service(TriggerKind.CRON).delete("default", "t1");
        assertThat(stores.functions().get("default", "hello")).isPresent();
        assertThat(service(TriggerKind.KAFKA).list("default")).hasSize(1);
    }
}
