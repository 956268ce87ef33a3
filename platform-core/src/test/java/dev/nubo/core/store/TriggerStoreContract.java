package dev.nubo.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.nubo.core.model.Condition;
import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.testing.TestFunctions;
import dev.nubo.core.testing.TestTriggerStores;
import dev.nubo.core.testing.TestTriggers;
import dev.nubo.core.trigger.CredentialHashes;
import dev.nubo.core.trigger.Trigger;
import dev.nubo.core.trigger.TriggerKind;
import dev.nubo.core.trigger.TriggerSpec;
import dev.nubo.core.trigger.TriggerStatus;

/**
 * The store's promises for every trigger kind, run against every database Nubo supports and the Kubernetes
 * backend's custom resources.
 */
public abstract class TriggerStoreContract {

    /** Every field of every kind set, so a round trip proves nothing is lost (enabled: false included). */
    static final Map<TriggerKind<?, ?>, String> FULL_SPECS = Map.of(
            TriggerKind.HTTP, """
                    {"function": "hello", "host": "shop.example.com", "path": "/orders", "stripPrefix": false,
                     "methods": ["GET", "POST"],
                     "auth": {"type": "basic", "users": [{"username": "alice", "passwordHash": "%s"}]},
                     "cors": {"allowOrigins": ["https://shop.example.com"], "allowMethods": ["GET"],
                              "allowHeaders": ["Content-Type"], "exposeHeaders": ["X-Id"], "allowCredentials": true,
                              "maxAgeSeconds": 60},
                     "rateLimit": {"requestsPerSecond": 10, "burst": 20}, "enabled": false}"""
                    .formatted(CredentialHashes.hashPassword("alice-password")),
            TriggerKind.CRON, """
                    {"functionSelector": {"matchLabels": {"app": "reports"}, "matchExpressions": [{"key": "tier",
                     "operator": "NotIn", "values": ["test"]}]}, "schedule": "0 9 * * MON-FRI",
                     "timeZone": "Europe/Paris", "payload": {"report": "daily", "rows": [1, 2.5, true, null],
                     "nested": {"x": "y"}}, "contentType": "application/json", "concurrencyPolicy": "Replace",
                     "catchUp": true, "enabled": false}""",
            TriggerKind.KAFKA, """
                    {"topics": ["orders", "refunds"], "functionSelector": {"matchLabels": {"app": "shop"}},
                     "consumerGroup": "g1", "startFrom": "earliest", "delivery": "atMostOnce", "ordering": "key",
                     "maxConcurrency": 64, "maxRetries": 7, "retryBackoff": {"initialMillis": 50, "multiplier": 1.5,
                     "maxMillis": 5000}, "deadLetterTopic": "dead.{topic}", "replyTopic": "answers", "enabled": false}""",
            TriggerKind.NATS, """
                    {"subject": "orders.*", "stream": "ORDERS", "consumer": "shop", "function": "hello",
                     "startFrom": "earliest", "delivery": "atLeastOnce", "ordering": "none", "maxConcurrency": 8,
                     "maxRetries": 2, "retryBackoff": {"initialMillis": 10, "multiplier": 3.0, "maxMillis": 900},
                     "deadLetterSubject": "dead.{subject}", "replySubject": "answers.orders", "enabled": false}""");

    static final TriggerStatus FULL_STATUS = new TriggerStatus(
            List.of(new Condition("Ready", "False", "FunctionNotFound", "no function hello",
                    Instant.parse("2026-05-01T10:00:00.123456Z"))),
            3L, List.of("hello", "hello-2"),
            new TriggerStatus.Fire(Instant.parse("2026-05-01T10:00:01Z"), "hello", 200, "200 in 12 ms", "orders-0-41"),
            new TriggerStatus.Fire(Instant.parse("2026-05-01T09:00:00Z"), "hello", null, "timed out after 30 s", "e1"),
            new TriggerStatus.Counts(42, 2, 1),
            List.of(Instant.parse("2026-05-01T11:00:00Z"), Instant.parse("2026-05-01T12:00:00Z")),
            List.of(new TriggerStatus.PartitionLag("orders", 0, 40L, 45L, 5L),
                    new TriggerStatus.PartitionLag("orders", 1, null, 0L, null)));

    protected TestTriggerStores stores;

    protected abstract TestTriggerStores openStores();

    /**
     * Whether an update that changes nothing is still a write (a new resourceVersion and a MODIFIED event): yes in
     * the database; on Kubernetes the API server skips it, and the version stays.
     */
    protected boolean unchangedUpdatesAreWrites() {
        return true;
    }

    @BeforeEach
    public void open() {
        stores = openStores();
    }

    public static Stream<TriggerKind<?, ?>> kinds() {
        return TriggerKind.ALL.stream();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    public <T extends Trigger<S>, S extends TriggerSpec> void everyFieldOfSpecAndStatusSurvivesTheRoundTrip(
            TriggerKind<T, S> kind) {
        ResourceStore<T, S, TriggerStatus> store = stores.of(kind);
        T full = TestTriggers.of(kind, "default", "full", FULL_SPECS.get(kind));

        T created = store.create(kind.assemble(full.metadata(), full.spec(), TriggerStatus.pending(
                Instant.parse("2026-05-01T09:59:59Z"))));
        T withStatus = store.updateStatus("default", "full", FULL_STATUS).orElseThrow();

        assertThat(created.spec().isEnabled()).isFalse();
        T read = store.get("default", "full").orElseThrow();
        assertThat(read.spec()).isEqualTo(full.spec());
        assertThat(read.status()).isEqualTo(FULL_STATUS);
        assertThat(read.metadata()).isEqualTo(withStatus.metadata());
        assertThat(read.kind()).isEqualTo(kind.kind());
        assertThat(read.apiVersion()).isEqualTo("nubo.dev/v1");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    public <T extends Trigger<S>, S extends TriggerSpec> void generationVersionsAndEvents(TriggerKind<T, S> kind) {
        ResourceStore<T, S, TriggerStatus> store = stores.of(kind);
        List<StoreEvent<T>> events = new CopyOnWriteArrayList<>();
        store.subscribe(events::add);
        T created = store.create(TestTriggers.valid(kind, "default", "t1"));

        T sameSpec = store.update(created);
        T statusOnly = store.updateStatus("default", "t1", FULL_STATUS).orElseThrow();
        T newSpec = store.update(kind.assemble(statusOnly.metadata(), TestTriggers.of(kind, "default", "t1",
                FULL_SPECS.get(kind)).spec(), null));
        store.delete("default", "t1");

        assertThat(List.of(created, sameSpec, statusOnly, newSpec)).extracting(t -> t.metadata().generation())
                .containsExactly(1L, 1L, 1L, 2L);
        List<T> writes = unchangedUpdatesAreWrites() ? List.of(created, sameSpec, statusOnly, newSpec)
                : List.of(sameSpec, statusOnly, newSpec);
        assertThat(writes).extracting(t -> Long.parseLong(t.metadata().resourceVersion())).isSorted()
                .doesNotHaveDuplicates();
        assertThat(newSpec.status()).as("a spec update keeps the status").isEqualTo(FULL_STATUS);
        List<org.assertj.core.groups.Tuple> expected = new ArrayList<>(List.of(
                org.assertj.core.groups.Tuple.tuple(StoreEvent.Type.ADDED, true),
                org.assertj.core.groups.Tuple.tuple(StoreEvent.Type.MODIFIED, false),
                org.assertj.core.groups.Tuple.tuple(StoreEvent.Type.MODIFIED, true),
                org.assertj.core.groups.Tuple.tuple(StoreEvent.Type.DELETED, true)));
        if (unchangedUpdatesAreWrites()) {
            expected.add(1, org.assertj.core.groups.Tuple.tuple(StoreEvent.Type.MODIFIED, false));
        }
        await().untilAsserted(() -> assertThat(events).extracting(StoreEvent::type, StoreEvent::specChanged)
                .containsExactlyElementsOf(expected));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    public <T extends Trigger<S>, S extends TriggerSpec> void conflictsAndMissingTriggersHaveTheKindsCodes(
            TriggerKind<T, S> kind) {
        ResourceStore<T, S, TriggerStatus> store = stores.of(kind);
        T created = store.create(TestTriggers.valid(kind, "default", "t1"));
        store.updateStatus("default", "t1", FULL_STATUS);

        assertThatThrownBy(() -> store.create(TestTriggers.valid(kind, "default", "t1")))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo(kind.existsCode());
                });
        assertThatThrownBy(() -> store.update(created)).as("the status write made this version stale")
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.code()).isEqualTo(ProblemCodes.RESOURCE_VERSION_CONFLICT));
        assertThatThrownBy(() -> store.update(TestTriggers.valid(kind, "default", "missing")))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo(kind.notFoundCode());
                });
        assertThatThrownBy(() -> store.create(TestTriggers.valid(kind, "nowhere", "t1")))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.code()).isEqualTo(ProblemCodes.NAMESPACE_NOT_FOUND));
        assertThat(store.updateStatus("default", "missing", FULL_STATUS)).isEmpty();
        assertThat(store.delete("default", "missing")).isEmpty();
    }

    @Test
    public void theStoresCodesAreTheDocumentedOnes() {
        assertThat(TriggerKind.ALL).extracting(TriggerKind::notFoundCode).containsExactly(
                ProblemCodes.HTTPTRIGGER_NOT_FOUND, ProblemCodes.CRONTRIGGER_NOT_FOUND,
                ProblemCodes.KAFKATRIGGER_NOT_FOUND, ProblemCodes.NATSTRIGGER_NOT_FOUND);
        assertThat(TriggerKind.ALL).extracting(TriggerKind::existsCode).containsExactly(
                ProblemCodes.HTTPTRIGGER_EXISTS, ProblemCodes.CRONTRIGGER_EXISTS, ProblemCodes.KAFKATRIGGER_EXISTS,
                ProblemCodes.NATSTRIGGER_EXISTS);
    }

    @Test
    public void kindsShareNamesWithoutMeetingAndFunctionsComeAndGoWithoutThem() {
        stores.namespaces().create("team-a");
        stores.functions().create(TestFunctions.hello("default", "x"));
        List<ResourceStore<?, ?, ?>> all = new ArrayList<>();
        for (TriggerKind<?, ?> kind : TriggerKind.ALL) {
            createValid(kind, "default", "x");
            createValid(kind, "team-a", "x");
            all.add(stores.of(kind));
        }

        stores.functions().delete("default", "x");
        stores.http().delete("default", "x");

        assertThat(stores.http().list("default")).isEmpty();
        assertThat(stores.http().list("team-a")).hasSize(1);
        for (TriggerKind<?, ?> kind : List.of(TriggerKind.CRON, TriggerKind.KAFKA, TriggerKind.NATS)) {
            assertThat(stores.of(kind).list("default")).extracting(t -> t.kind()).containsExactly(kind.kind());
            assertThat(stores.of(kind).listAll()).hasSize(2);
        }
        assertThat(all).hasSize(4);
    }

    @Test
    public void aNamespaceHoldingOnlyTriggersCannotBeDeleted() {
        stores.namespaces().create("team-b");
        stores.cron().create(TestTriggers.valid(TriggerKind.CRON, "team-b", "tick"));

        assertThatThrownBy(() -> stores.namespaces().delete("team-b")).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.code()).isEqualTo(ProblemCodes.NAMESPACE_NOT_EMPTY));
        stores.cron().delete("team-b", "tick");
        stores.namespaces().delete("team-b");
        assertThat(stores.namespaces().list()).containsExactly("default");
    }

    private <T extends Trigger<S>, S extends TriggerSpec> void createValid(TriggerKind<T, S> kind, String namespace,
            String name) {
        stores.of(kind).create(TestTriggers.valid(kind, namespace, name));
    }
}
