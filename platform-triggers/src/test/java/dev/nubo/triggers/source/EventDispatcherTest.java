package dev.nubo.triggers.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.nubo.core.trigger.DeliveryGuarantee;
import dev.nubo.core.trigger.Ordering;
import dev.nubo.core.trigger.RetryBackoff;
import dev.nubo.core.trigger.TriggerStatus.Fire;
import dev.nubo.core.trigger.TriggerStatus.PartitionLag;
import dev.nubo.triggers.dispatch.CallResult;
import dev.nubo.triggers.dispatch.CallResult.Outcome;
import dev.nubo.triggers.dispatch.FunctionCaller;
import dev.nubo.triggers.dispatch.FunctionEvent;

/** The dispatcher between an in-memory source and a scripted function: what is acknowledged, retried, dead-lettered. */
class EventDispatcherTest {

    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    private final MemorySource source = new MemorySource();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void aTransientFailureIsRetriedWithBackoffAndTheRecordIsAcknowledgedOnce() {
        EventDispatcher dispatcher = dispatcher(Ordering.partition, 3, answers(id -> attempt(id) < 3 ? 503 : 200));
        dispatcher.onRecords(List.of(record("p0", 0), record("p0", 1)));

        await().atMost(Duration.ofSeconds(5)).until(() -> source.acked.size() == 2);
        assertThat(calls).as("record 1 waits behind record 0's retries").containsExactly("p0-0", "p0-0", "p0-0",
                "p0-1", "p0-1", "p0-1");
        assertThat(source.acked).containsExactly("p0-0", "p0-1");
        assertThat(source.deadLetters).isEmpty();
        assertThat(dispatcher.pendingRecords()).isZero();
    }

    @Test
    void aBadRecordIsDeadLetteredAtOnceAndARetriedOneAfterItsRetriesAndBothAreAcknowledged() {
        EventDispatcher dispatcher = dispatcher(Ordering.none, 2, answers(id -> id.equals("p0-0") ? 400
                : id.equals("p0-1") ? 500 : 200));
        dispatcher.onRecords(List.of(record("p0", 0), record("p0", 1), record("p0", 2)));

        await().atMost(Duration.ofSeconds(5)).until(() -> source.acked.size() == 3);
        assertThat(attempts.get("p0-0")).hasValue(1);
        assertThat(attempts.get("p0-1")).hasValue(3);
        assertThat(source.deadLetters).containsOnlyKeys("p0-0", "p0-1");
        assertThat(source.deadLetters.get("p0-0").statusCode()).isEqualTo(400);
        assertThat(source.deadLetters.get("p0-1").attempts()).isEqualTo(3);
        assertThat(source.deadLetters.get("p0-1").error()).contains("500");
    }

    @Test
    void aFunctionThatIsNotReadyIsWaitedForWithoutSpendingRetries() {
        AtomicInteger notReady = new AtomicInteger(4);
        EventDispatcher dispatcher = dispatcher(Ordering.partition, 0, event -> {
            calls.add(event.id());
            return notReady.getAndDecrement() > 0
                    ? CallResult.failed(Outcome.FUNCTION_NOT_READY, Duration.ZERO, "starting")
                    : new CallResult(Outcome.ANSWERED, 200, Map.of(), new byte[0], Duration.ZERO, null);
        });
        dispatcher.onRecords(List.of(record("p0", 7)));

        await().atMost(Duration.ofSeconds(10)).until(() -> source.acked.size() == 1);
        assertThat(calls).hasSize(5);
        assertThat(source.deadLetters).as("maxRetries 0, yet waiting is no failure").isEmpty();
    }

    @Test
    void aDeadLetterThatCannotBeStoredIsTriedAgainAndTheRecordStaysUnacknowledgedMeanwhile() {
        source.deadLetterFailures.set(2);
        EventDispatcher dispatcher = dispatcher(Ordering.partition, 0, answers(id -> 415));
        dispatcher.onRecords(List.of(record("p0", 0)));

        await().atMost(Duration.ofSeconds(10)).until(() -> source.acked.size() == 1);
        assertThat(source.deadLetterTries).hasValue(3);
        assertThat(source.deadLetters).containsOnlyKeys("p0-0");
    }

    // ---- fixtures --------------------------------------------------------------------------------------------------

    private EventDispatcher dispatcher(Ordering ordering, int maxRetries, Function<FunctionEvent, CallResult> answer) {
        FunctionCaller caller = (namespace, function, event) -> CompletableFuture.supplyAsync(() -> answer.apply(event));
        EventDispatcher dispatcher = new EventDispatcher("ns/t", "ns", source, caller, new DeliverySettings(
                DeliveryGuarantee.atLeastOnce, ordering, 4, maxRetries, new RetryBackoff(10L, 2.0, 100L)),
                () -> List.of("fn"), timer, Duration.ofMinutes(1), new DispatchActivity() {
                    @Override
                    public void called(Fire fire, boolean failed) {
                    }

                    @Override
                    public void deadLettered(Fire fire) {
                    }
                }, (consuming, message) -> { });
        return dispatcher;
    }

    private Function<FunctionEvent, CallResult> answers(Function<String, Integer> status) {
        return event -> {
            calls.add(event.id());
            attempts.computeIfAbsent(event.id(), id -> new AtomicInteger()).incrementAndGet();
            return new CallResult(Outcome.ANSWERED, status.apply(event.id()), Map.of(),
                    "body".getBytes(), Duration.ZERO, null);
        };
    }

    /** The attempt being answered (counted before the answer is chosen). */
    private int attempt(String id) {
        return attempts.get(id).get();
    }

    private static SourceRecord record(String partition, long position) {
        return new SourceRecord(partition, null, position, new FunctionEvent(partition + "-" + position, Instant.now(),
                "test", "test", null, new byte[0], Map.of()), null);
    }

    private static final class MemorySource implements TriggerSource {
        final List<String> acked = Collections.synchronizedList(new ArrayList<>());
        final Map<String, DeadLetter> deadLetters = new ConcurrentHashMap<>();
        final AtomicInteger deadLetterFailures = new AtomicInteger();
        final AtomicInteger deadLetterTries = new AtomicInteger();

        @Override
        public void start(SourceListener listener) {
        }

        @Override
        public void ack(SourceRecord record) {
            acked.add(record.eventId());
        }

        @Override
        public void nack(SourceRecord record, int attempt) {
        }

        @Override
        public CompletableFuture<Void> deadLetter(SourceRecord record, DeadLetter why) {
            deadLetterTries.incrementAndGet();
            if (deadLetterFailures.getAndDecrement() > 0) {
                return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
            }
            deadLetters.put(record.eventId(), why);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> reply(SourceRecord record, String function, CallResult answer) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public List<PartitionLag> lag() {
            return List.of();
        }

        @Override
        public void close() {
        }
    }
}
