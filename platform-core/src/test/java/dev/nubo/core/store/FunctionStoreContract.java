package dev.nubo.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionPhase;
import dev.nubo.core.function.FunctionStatus;
import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.testing.FunctionSpecBuilder;
import dev.nubo.core.testing.TestFunctions;
import dev.nubo.core.testing.TestStores;

/**
 * The store's promises, run against every database Nubo supports and the Kubernetes backend's custom resources.
 * Events may arrive a moment after the write (the Kubernetes store's come from its informer).
 */
public abstract class FunctionStoreContract {

    protected TestStores stores;
    private final List<StoreEvent<Function>> events = new CopyOnWriteArrayList<>();

    protected abstract TestStores openStores();

    /** A second set of stores over the same database or cluster: another service's writes. */
    protected abstract TestStores anotherWriter();

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
        stores.functions().subscribe(events::add);
    }

    @Test
    public void createAssignsIdentityGenerationAndVersion() {
        Function created = stores.functions().create(TestFunctions.hello("default", "hello"));

        assertThat(created.metadata().uid()).isNotBlank();
        assertThat(created.metadata().generation()).isEqualTo(1);
        assertThat(created.metadata().resourceVersion()).isNotBlank();
        assertThat(created.metadata().creationTimestamp()).isNotNull();
        assertThat(stores.functions().get("default", "hello")).hasValueSatisfying(f -> {
            assertThat(f.spec()).isEqualTo(created.spec());
            assertThat(f.metadata()).isEqualTo(created.metadata());
        });
        await().untilAsserted(() -> assertThat(events).extracting(StoreEvent::type)
                .containsExactly(StoreEvent.Type.ADDED));
    }

    @Test
    public void aTakenNameIsAConflict() {
        stores.functions().create(TestFunctions.hello("default", "hello"));

        assertThatThrownBy(() -> stores.functions().create(TestFunctions.hello("default", "hello")))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo(ProblemCodes.FUNCTION_EXISTS);
                });
    }

    @Test
    public void aMissingNamespaceIsRefused() {
        assertThatThrownBy(() -> stores.functions().create(TestFunctions.hello("nowhere", "hello")))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.code()).isEqualTo(ProblemCodes.NAMESPACE_NOT_FOUND));
    }

    @Test
    public void sameNameInTwoNamespacesAreTwoFunctions() {
        stores.namespaces().create("team-a");
        stores.functions().create(TestFunctions.hello("default", "hello"));
        stores.functions().create(TestFunctions.python("team-a", "hello", "x = 1"));

        assertThat(stores.functions().list("team-a")).extracting(f -> f.spec().source().inline())
                .containsExactly("x = 1");
        assertThat(stores.functions().listAll()).hasSize(2);
    }

    @Test
    public void updateRaisesGenerationOnlyWhenTheSpecChanges() {
        Function created = stores.functions().create(TestFunctions.hello("default", "hello"));

        Function sameSpec = stores.functions().update(created);
        Function newSpec = stores.functions().update(sameSpec.withSpec(FunctionSpecBuilder.python("x = 2").deps("").timeoutSeconds(30).build()));

        assertThat(sameSpec.metadata().generation()).isEqualTo(1);
        assertThat(newSpec.metadata().generation()).isEqualTo(2);
        assertThat(Long.parseLong(newSpec.metadata().resourceVersion()))
                .isGreaterThan(Long.parseLong(sameSpec.metadata().resourceVersion()));
        if (unchangedUpdatesAreWrites()) {
            await().untilAsserted(() -> assertThat(events).extracting(StoreEvent::specChanged)
                    .containsExactly(true, false, true));
        } else {
            assertThat(sameSpec.metadata().resourceVersion()).isEqualTo(created.metadata().resourceVersion());
            await().untilAsserted(() -> assertThat(events).extracting(StoreEvent::specChanged)
                    .containsExactly(true, true));
        }
    }

    @Test
    public void aSpecChangedByAnotherWriterIsReadAsItWrote() {
        Function created = stores.functions().create(TestFunctions.hello("default", "hello"));
        assertThat(stores.functions().list("default")).hasSize(1); // read once: this store has parsed the spec

        anotherWriter().functions().update(created.withSpec(TestFunctions.python("default", "hello", "x = 2").spec()));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(stores.functions().get("default", "hello").orElseThrow().spec().source().inline())
                    .isEqualTo("x = 2");
            assertThat(stores.functions().list("default")).extracting(f -> f.spec().source().inline())
                    .containsExactly("x = 2");
        });
    }

    @Test
    public void everyWriteIsReadAtOnceByItsWriter() {
        // many rounds: a store that reads a cache must never let a listing fall between the cache and its own writes
        for (int i = 0; i < 150; i++) {
            String name = "fn-" + i;
            stores.functions().create(TestFunctions.hello("default", name));
            assertThat(stores.functions().list("default")).extracting(f -> f.metadata().name()).contains(name);
            assertThat(stores.functions().get("default", name)).isPresent();
            stores.functions().delete("default", name);
            assertThat(stores.functions().get("default", name)).isEmpty();
            assertThat(stores.functions().list("default")).extracting(f -> f.metadata().name()).doesNotContain(name);
        }
    }

    @Test
    public void specsTooLargeToKeepParsedAreReadAsWritten() {
        String large = "x = '" + "a".repeat(JdbcResourceStore.CACHED_SPEC_LIMIT) + "'";
        Function created = stores.functions().create(TestFunctions.python("default", "large", large));
        stores.functions().create(TestFunctions.hello("default", "small"));
        stores.functions().update(created.withSpec(TestFunctions.python("default", "large", large + "\n").spec()));

        assertThat(stores.functions().list("default")).extracting(f -> f.spec().source().inline())
                .containsExactly(large + "\n", "def handler(event, context):\n    return 'hello world'\n");
    }

    @Test
    public void aStaleResourceVersionIsRefusedAndChangesNothing() {
        Function created = stores.functions().create(TestFunctions.hello("default", "hello"));
        stores.functions().update(created.withSpec(TestFunctions.python("default", "hello", "x = 2").spec()));

        assertThatThrownBy(() -> stores.functions().update(
                created.withSpec(TestFunctions.python("default", "hello", "x = 3").spec())))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo(ProblemCodes.RESOURCE_VERSION_CONFLICT);
                });
        assertThat(stores.functions().get("default", "hello").orElseThrow().spec().source().inline()).isEqualTo("x = 2");
    }

    @Test
    public void concurrentUpdatesWithTheSameVersionLetExactlyOneWin() throws Exception {
        Function created = stores.functions().create(TestFunctions.hello("default", "hello"));
        AtomicInteger conflicts = new AtomicInteger();
        int writers = 8;
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String code = "x = " + i;
                futures.add(pool.submit(() -> {
                    try {
                        stores.functions().update(created.withSpec(TestFunctions.python("default", "hello", code).spec()));
                    } catch (ProblemException e) {
                        conflicts.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        assertThat(conflicts.get()).isEqualTo(writers - 1);
        assertThat(stores.functions().get("default", "hello").orElseThrow().metadata().generation()).isEqualTo(2);
    }

    /**
     * Listings while other writers rewrite statuses (as a busy controller does): every listing succeeds and shows every
     * function. H2 kept spec and status as LOBs apart from the row, and a listing now and then failed inside H2 (a
     * NullPointerException in its LOB storage) when it read a row whose LOB another transaction had just replaced.
     */
    @Test
    public void listingsWhileStatusesAreRewrittenAlwaysSucceed() throws Exception {
        int functions = 20;
        for (int i = 0; i < functions; i++) {
            stores.functions().create(TestFunctions.hello("default", "busy-" + i));
        }
        String longMessage = "x".repeat(2000); // well over what a database keeps inline with a LOB's reference
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger listings = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<?>> work = new java.util.ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int writer = w;
                work.add(pool.submit(() -> {
                    for (int round = 0; round < 150; round++) {
                        String name = "busy-" + ((round + writer * 7) % functions);
                        FunctionStatus status = new FunctionStatus(FunctionPhase.Ready,
                                List.of(dev.nubo.core.model.Condition.of("Ready", "True", "ReplicasReady",
                                        round + " " + longMessage)), 1L, new FunctionStatus.Replicas(1, 1), null);
                        try {
                            stores.functions().updateStatus("default", name, status);
                            // and functions come and go beside them, their LOBs with them
                            String passing = "passing-" + writer + "-" + round;
                            stores.functions().create(TestFunctions.hello("default", passing));
                            stores.functions().updateStatus("default", passing, status);
                            stores.functions().delete("default", passing);
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }
                }));
            }
            for (int r = 0; r < 3; r++) {
                work.add(pool.submit(() -> {
                    for (int round = 0; round < 150; round++) {
                        try {
                            assertThat(stores.functions().list("default")).extracting(f -> f.metadata().name())
                                    .filteredOn(n -> n.startsWith("busy-")).hasSize(functions);
                            listings.incrementAndGet();
                        } catch (RuntimeException | AssertionError e) {
                            failures.add(e);
                        }
                    }
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
        }
        assertThat(failures).isEmpty();
        assertThat(listings.get()).isEqualTo(450);
    }

    @Test
    public void statusUpdatesLeaveSpecAndGenerationAlone() {
        Function created = stores.functions().create(TestFunctions.hello("default", "hello"));
        FunctionStatus ready = new FunctionStatus(FunctionPhase.Ready, List.of(), 1L,
                new FunctionStatus.Replicas(1, 1), "http://127.0.0.1:8081/default/hello");

        Function updated = stores.functions().updateStatus("default", "hello", ready).orElseThrow();

        assertThat(updated.status()).isEqualTo(ready);
        assertThat(updated.metadata().generation()).isEqualTo(1);
        assertThat(stores.functions().get("default", "hello").orElseThrow().status()).isEqualTo(ready);
        assertThat(created.status()).isNull();
        assertThat(stores.functions().updateStatus("default", "missing", ready)).isEmpty();
    }

    @Test
    public void deleteRemovesAndPublishesTheLastState() {
        stores.functions().create(TestFunctions.hello("default", "hello"));

        assertThat(stores.functions().delete("default", "hello")).isPresent();
        assertThat(stores.functions().get("default", "hello")).isEmpty();
        assertThat(stores.functions().delete("default", "hello")).isEmpty();
        await().untilAsserted(() -> assertThat(events).extracting(StoreEvent::type)
                .containsExactly(StoreEvent.Type.ADDED, StoreEvent.Type.DELETED));
    }

    @Test
    public void aNamespaceHoldingFunctionsCannotBeDeleted() {
        stores.namespaces().create("team-b");
        stores.functions().create(TestFunctions.hello("team-b", "hello"));

        assertThatThrownBy(() -> stores.namespaces().delete("team-b"))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.code()).isEqualTo(ProblemCodes.NAMESPACE_NOT_EMPTY));
        stores.functions().delete("team-b", "hello");
        stores.namespaces().delete("team-b");
        assertThat(stores.namespaces().list()).containsExactly("default");
    }

    @Test
    public void largeSourcesSurviveTheRoundTrip() {
        String big = "# " + "x".repeat(5 * 1024 * 1024);
        stores.functions().create(TestFunctions.python("default", "big", big));

        assertThat(stores.functions().get("default", "big").orElseThrow().spec().source().inline()).isEqualTo(big);
    }

    @Test
    public void theFirstStatusIsWhatCreateGot() {
        Function created = stores.functions().create(
                TestFunctions.hello("default", "hello").withStatus(FunctionStatus.pending()));
        assertThat(stores.functions().get("default", "hello").orElseThrow().status().phase())
                .isEqualTo(FunctionPhase.Pending);
        assertThat(created.status().phase()).isEqualTo(FunctionPhase.Pending);
    }
}
