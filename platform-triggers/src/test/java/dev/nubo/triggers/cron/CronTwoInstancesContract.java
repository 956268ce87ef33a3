package dev.nubo.triggers.cron;

import static dev.nubo.triggers.cron.CronSpecs.calling;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.nubo.core.model.Conditions;
import dev.nubo.core.trigger.TriggerConditions;
import dev.nubo.core.trigger.TriggerStatus;

/**
 * Two platform instances, each with its own connection pool, scheduler, clock and caller, sharing one database: every
 * tick is called exactly once between them. Both are driven to each tick at the same moment from two threads, so their
 * claims race for real.
 */
abstract class CronTwoInstancesContract {

    private static final Instant START = Instant.parse("2026-03-02T10:00:00.500Z");
    private static final CronProperties PROPERTIES = new CronProperties(true, Duration.ofSeconds(10),
            Duration.ofSeconds(60), 10, Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofMillis(1),
            Duration.ofDays(7));

    /** A new connection pool on the test's one database. */
    protected abstract DataSource newPool();

    /** Closes the pools (and drops the database), after both instances stopped. */
    protected abstract void closeDatabase() throws Exception;

    private CronInstance a;
    private CronInstance b;

    @BeforeEach
    void twoInstances() {
        a = new CronInstance(newPool(), START, PROPERTIES, "instance-a");
        b = new CronInstance(newPool(), START, PROPERTIES, "instance-b");
        a.function("hello");
    }

    @AfterEach
    void stop() throws Exception {
        a.scheduler.stop();
        b.scheduler.stop();
        closeDatabase();
    }

    @Test
    void eachTickIsCalledOnceBetweenTwoInstances() throws Exception {
        for (String name : List.of("first", "second", "third")) {
            a.create(name, calling("hello", "@every 1s"));
        }
        a.start();
        b.start();

        for (int second = 1; second <= 20; second++) {
            bothAdvanceTo(START.plusMillis(500).plusSeconds(second - 1));
        }

        List<String> eventIds = Stream.concat(a.caller.calls.stream(), b.caller.calls.stream())
                .map(c -> c.event().id()).toList();
        assertThat(eventIds).as("3 triggers × 20 ticks").hasSize(60).doesNotHaveDuplicates();
        for (String name : List.of("first", "second", "third")) {
            b.status(name);
            TriggerStatus status = a.status(name);
            assertThat(status.counts().calls()).as("both instances' calls add up in one status").isEqualTo(20);
            assertThat(status.lastFire().time()).isEqualTo(START.plusMillis(500).plusSeconds(19));
        }
    }

    @Test
    void aTriggerDisabledOrDeletedThroughOneInstanceStopsFiringOnTheOtherAtItsNextTick() throws Exception {
        a.create("changing", calling("hello", "@every 1s"));
        a.create("deleted", calling("hello", "@every 1s"));
        a.start();
        b.start();
        bothAdvanceTo(START.plusMillis(500));
        assertThat(a.caller.calls.size() + b.caller.calls.size()).isEqualTo(2);

        a.update("changing", spec -> CronSpecs.enabled(spec, false)); // instance b hears nothing of it
        a.triggers.delete("default", "deleted");
        for (int second = 2; second <= 5; second++) {
            bothAdvanceTo(START.plusMillis(500).plusSeconds(second - 1));
        }

        assertThat(a.caller.calls.size() + b.caller.calls.size()).as("nothing after the change: " + a.caller.calls
                + b.caller.calls).isEqualTo(2);
        TriggerStatus status = b.status("changing");
        assertThat(Conditions.find(status.conditions(), TriggerConditions.READY).orElseThrow().reason())
                .isEqualTo(TriggerConditions.REASON_DISABLED);
    }

    @Test
    void whenOneInstanceStopsTheOtherFiresItsTriggersIncludingOnesItHeardOfOnlyAtResync() throws Exception {
        a.start();
        b.start();
        a.create("late", calling("hello", "@every 1s")); // only instance a hears of it now
        bothAdvanceTo(START.plusSeconds(4).plusMillis(500));
        assertThat(b.caller.calls).as("b arms it at its first resync, 10 s after its start").isEmpty();

        a.scheduler.stop();
        b.advanceTo("2026-03-02T10:00:15Z");

        assertThat(a.caller.calls).extracting(c -> c.event().time()).containsExactly(
                Instant.parse("2026-03-02T10:00:01Z"), Instant.parse("2026-03-02T10:00:02Z"),
                Instant.parse("2026-03-02T10:00:03Z"), Instant.parse("2026-03-02T10:00:04Z"),
                Instant.parse("2026-03-02T10:00:05Z"));
        assertThat(b.caller.calls).extracting(c -> c.event().time()).as("from its resync at 10:00:10.5 on")
                .containsExactly(Instant.parse("2026-03-02T10:00:11Z"), Instant.parse("2026-03-02T10:00:12Z"),
                        Instant.parse("2026-03-02T10:00:13Z"), Instant.parse("2026-03-02T10:00:14Z"),
                        Instant.parse("2026-03-02T10:00:15Z"));
    }

    /** Both instances reach {@code instant} at the same moment, each in its own thread. */
    private void bothAdvanceTo(Instant instant) throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> advance(a, instant, together));
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> advance(b, instant, together));
        CompletableFuture.allOf(first, second).get();
    }

    private static void advance(CronInstance instance, Instant instant, CyclicBarrier together) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        instance.timer.advanceTo(instant);
    }
}
