package dev.nubo.triggers.cron;

import static dev.nubo.triggers.cron.CronSpecs.calling;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariDataSource;

import dev.nubo.core.model.Condition;
import dev.nubo.core.model.Conditions;
import dev.nubo.core.store.StoreEvent;
import dev.nubo.core.testing.TestDatabases;
import dev.nubo.core.trigger.CronTrigger;
import dev.nubo.core.trigger.CronTriggerSpec.ConcurrencyPolicy;
import dev.nubo.core.trigger.LabelSelector;
import dev.nubo.core.trigger.TriggerConditions;
import dev.nubo.core.trigger.TriggerStatus;
import dev.nubo.triggers.dispatch.FunctionEvent;

/** The scheduler on a real H2 store, with a fake clock and a caller whose answers (and slowness) the test decides. */
class CronSchedulerTest {

    private static final String START = "2026-03-02T10:00:30Z";

    @TempDir
    Path dir;
    private HikariDataSource dataSource;
    private CronInstance nubo;

    @BeforeEach
    void open() {
        dataSource = TestDatabases.h2(dir);
        nubo = new CronInstance(dataSource, Instant.parse(START), CronInstance.TEST_PROPERTIES, "test").start();
    }

    @AfterEach
    void close() {
        nubo.scheduler.stop();
        dataSource.close();
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static Condition ready(TriggerStatus status) {
        return Conditions.find(status.conditions(), TriggerConditions.READY).orElseThrow();
    }

    @Test
    void eachTickCallsTheFunctionOnceWithThePayloadAndTheCronEvent() {
        nubo.function("hello");
        CronTrigger trigger = nubo.create("every-minute",
                CronSpecs.payload(calling("hello", "* * * * *"), Map.of("greeting", "hi"), null));

        nubo.advanceTo("2026-03-02T10:03:00Z");

        assertThat(nubo.calledTicks()).containsExactly(at("2026-03-02T10:01:00Z"), at("2026-03-02T10:02:00Z"),
                at("2026-03-02T10:03:00Z"));
        FunctionEvent event = nubo.caller.calls.getLast().event();
        assertThat(nubo.caller.calls).allMatch(c -> c.namespace().equals("default") && c.function().equals("hello"));
        assertThat(event.id()).isEqualTo(trigger.metadata().uid() + "@2026-03-02T10:03:00Z");
        assertThat(event.emitter()).isEqualTo("cron.nubo.dev");
        assertThat(event.cloudEventType()).isEqualTo("dev.nubo.cron.tick");
        assertThat(event.contentType()).isEqualTo("application/json");
        assertThat(new String(event.data(), StandardCharsets.UTF_8)).isEqualTo("{\"greeting\":\"hi\"}");
        assertThat(event.headers()).containsEntry("ce-subject", "every-minute");

        TriggerStatus status = nubo.status("every-minute");
        assertThat(ready(status).status()).isEqualTo(Condition.TRUE);
        assertThat(ready(status).reason()).isEqualTo(TriggerConditions.REASON_ACTIVE);
        assertThat(status.observedGeneration()).isEqualTo(1);
        assertThat(status.functions()).containsExactly("hello");
        assertThat(status.lastFire()).isEqualTo(new TriggerStatus.Fire(at("2026-03-02T10:03:00Z"), "hello", 200,
                "200 in 3 ms", event.id()));
        assertThat(status.lastError()).isNull();
        assertThat(status.counts()).isEqualTo(new TriggerStatus.Counts(3, 0, 0));
        assertThat(status.nextFireTimes()).containsExactly(at("2026-03-02T10:04:00Z"), at("2026-03-02T10:05:00Z"),
                at("2026-03-02T10:06:00Z"), at("2026-03-02T10:07:00Z"), at("2026-03-02T10:08:00Z"));
    }

    @Test
    void ticksAreReadInTheTriggersTimeZoneAcrossADaylightSavingChange() {
        nubo.function("hello");
        nubo.create("paris-nine", CronSpecs.timeZone(calling("hello", "0 9 * * *"), "Europe/Paris"));
        nubo.create("paris-half-past-two", CronSpecs.timeZone(calling("hello", "30 2 * * *"), "Europe/Paris"));
        nubo.create("tokyo-daily", CronSpecs.timeZone(calling("hello", "@daily"), "Asia/Tokyo"));

        nubo.advanceTo("2026-03-30T12:00:00Z"); // Paris moves from CET to CEST in the night of March 29

        assertThat(ticksOf("paris-nine")).as("09:00 Paris time").endsWith(at("2026-03-28T08:00:00Z"),
                at("2026-03-29T07:00:00Z"), at("2026-03-30T07:00:00Z"));
        assertThat(ticksOf("paris-half-past-two")).as("02:30 does not exist on March 29: fired once, after the change")
                .endsWith(at("2026-03-28T01:30:00Z"), at("2026-03-29T01:30:00Z"), at("2026-03-30T00:30:00Z"));
        assertThat(ticksOf("tokyo-daily")).as("midnight in Tokyo").endsWith(at("2026-03-29T15:00:00Z"));
        assertThat(ticksOf("tokyo-daily")).hasSize(28);
    }

    @Test
    void aLocalTimeThatHappensTwiceFiresOnce() {
        nubo.function("hello");
        nubo.clock.set(at("2026-10-24T12:00:00Z"));
        nubo.create("paris-half-past-two", CronSpecs.timeZone(calling("hello", "30 2 * * *"), "Europe/Paris"));

        nubo.advanceTo("2026-10-26T12:00:00Z"); // 02:30 Paris time happens at 00:30Z and again at 01:30Z on Oct 25

        assertThat(nubo.calledTicks()).containsExactly(at("2026-10-25T00:30:00Z"), at("2026-10-26T01:30:00Z"));
    }

    @Test
    void macrosAndIntervalsFireOnTheirTicks() {
        nubo.function("hello");
        nubo.create("hourly", calling("hello", "@hourly"));
        nubo.create("every-20s", calling("hello", "@every 20s"));

        nubo.advanceTo("2026-03-02T12:00:00Z");

        assertThat(ticksOf("hourly")).containsExactly(at("2026-03-02T11:00:00Z"), at("2026-03-02T12:00:00Z"));
        assertThat(ticksOf("every-20s")).as("10:00:40 … 12:00:00, 20 s apart").hasSize(359)
                .startsWith(at("2026-03-02T10:00:40Z"), at("2026-03-02T10:01:00Z")).endsWith(at("2026-03-02T12:00:00Z"));
    }

    @Test
    void ofTicksFoundLateOnlyTheNewestFiresAndOnlyWithinTheMisfireGrace() {
        nubo.function("hello");
        nubo.create("every-minute", calling("hello", "* * * * *"));
        nubo.create("hourly", calling("hello", "@hourly"));

        nubo.clock.set(at("2026-03-02T10:01:30Z")); // the JVM was paused over the 10:01 tick: 30 s late, grace 60 s
        nubo.timer.runDue();
        nubo.clock.set(at("2026-03-02T10:04:30Z")); // paused over 10:02, 10:03 and 10:04
        nubo.timer.runDue();

        assertThat(ticksOf("every-minute")).as("no burst of stale ticks")
                .containsExactly(at("2026-03-02T10:01:00Z"), at("2026-03-02T10:04:00Z"));

        nubo.clock.set(at("2026-03-02T11:01:01Z")); // 11:00 found 61 s late
        nubo.timer.runDue();
        nubo.clock.set(at("2026-03-02T12:00:59Z")); // 12:00 found 59 s late
        nubo.timer.runDue();

        assertThat(ticksOf("hourly")).containsExactly(at("2026-03-02T12:00:00Z"));
        TriggerStatus.Fire dropped = nubo.status("hourly").lastError();
        assertThat(dropped.time()).isEqualTo(at("2026-03-02T11:00:00Z"));
        assertThat(dropped.result()).startsWith("not fired: found more than 60 s late");
    }

    @Test
    void missedTicksAreNotReplayedAfterARestartWithoutCatchUp() {
        nubo.function("hello");
        nubo.create("every-minute", calling("hello", "* * * * *"));
        nubo.advanceTo("2026-03-02T10:02:00Z");
        nubo.scheduler.stop();

        CronInstance restarted = restartAt("2026-03-02T10:07:30Z");
        restarted.advanceTo("2026-03-02T10:09:00Z");

        assertThat(nubo.calledTicks()).containsExactly(at("2026-03-02T10:01:00Z"), at("2026-03-02T10:02:00Z"));
        assertThat(restarted.calledTicks()).as("10:03 … 10:07 were missed while down")
                .containsExactly(at("2026-03-02T10:08:00Z"), at("2026-03-02T10:09:00Z"));
        restarted.scheduler.stop();
    }

    @Test
    void withCatchUpTheNewestMissedTicksFireOnceAfterARestart() {
        nubo.function("hello");
        nubo.create("caught-up", CronSpecs.catchUp(calling("hello", "* * * * *"), true));
        nubo.create("not-caught-up", calling("hello", "* * * * *"));
        nubo.advanceTo("2026-03-02T10:02:00Z");
        nubo.scheduler.stop();

        CronProperties threeAtMost = new CronProperties(true, Duration.ofDays(2), Duration.ofSeconds(60), 3,
                Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofMillis(1), Duration.ofDays(7));
        CronInstance restarted = new CronInstance(dataSource, at("2026-03-02T10:07:30Z"), threeAtMost, "restarted")
                .start();
        restarted.advanceTo("2026-03-02T10:08:00Z");

        assertThat(restarted.caller.calls).extracting(c -> c.event().time()).as("10:03 … 10:07 missed; the newest 3"
                + " caught up, oldest first, then the schedule goes on").containsExactly(at("2026-03-02T10:05:00Z"),
                at("2026-03-02T10:06:00Z"), at("2026-03-02T10:07:00Z"), at("2026-03-02T10:08:00Z"),
                at("2026-03-02T10:08:00Z"));
        CronTrigger caughtUp = restarted.triggers.get("default", "caught-up").orElseThrow();
        assertThat(restarted.caller.calls.getFirst().event().id())
                .isEqualTo(caughtUp.metadata().uid() + "@2026-03-02T10:05:00Z");
        assertThat(restarted.status("caught-up").counts().calls()).as("2 before the restart, 3 caught up, 1 after")
                .isEqualTo(6);
        restarted.scheduler.stop();

        CronInstance again = restartAt("2026-03-02T10:08:10Z");
        again.advanceTo("2026-03-02T10:08:20Z");
        assertThat(again.caller.calls).as("a restart without missed ticks fires nothing again").isEmpty();
        again.scheduler.stop();
    }

    @Test
    void catchUpOnlyLooksBackAsFarAsItsWindow() {
        nubo.function("hello");
        nubo.create("hourly-catch-up", CronSpecs.catchUp(calling("hello", "@hourly"), true));
        nubo.advanceTo("2026-03-02T11:00:00Z");
        nubo.scheduler.stop();

        CronInstance restarted = restartAt("2026-03-05T10:30:00Z"); // down three days; window 24 h, at most 10

        assertThat(restarted.calledTicks()).hasSize(10).startsWith(at("2026-03-05T01:00:00Z"))
                .endsWith(at("2026-03-05T10:00:00Z"));
        restarted.scheduler.stop();
    }

    @Test
    void forbidSkipsATickWhileThePreviousCallStillRuns() {
        nubo.function("slow");
        nubo.create("forbid", CronSpecs.policy(calling("slow", "* * * * *"), ConcurrencyPolicy.Forbid));
        nubo.caller.hold();

        nubo.advanceTo("2026-03-02T10:02:00Z");

        assertThat(nubo.calledTicks()).as("10:02 skipped: 10:01 still runs").containsExactly(at("2026-03-02T10:01:00Z"));
        TriggerStatus status = nubo.status("forbid");
        assertThat(status.lastFire().time()).isEqualTo(at("2026-03-02T10:02:00Z"));
        assertThat(status.lastFire().status()).isNull();
        assertThat(status.lastFire().result()).startsWith("skipped").contains("2026-03-02T10:01:00Z", "Forbid");

        nubo.caller.calls.getFirst().answer(ScriptedCaller.ok());
        nubo.caller.answerWith(call -> ScriptedCaller.ok());
        nubo.advanceTo("2026-03-02T10:03:00Z");

        assertThat(nubo.calledTicks()).containsExactly(at("2026-03-02T10:01:00Z"), at("2026-03-02T10:03:00Z"));
        assertThat(nubo.status("forbid").counts()).isEqualTo(new TriggerStatus.Counts(2, 0, 0));
    }

    @Test
    void replaceAbandonsTheRunningCallAndMakesTheNewOne() {
        nubo.function("slow");
        nubo.create("replace", CronSpecs.policy(calling("slow", "* * * * *"), ConcurrencyPolicy.Replace));
        nubo.caller.hold();

        nubo.advanceTo("2026-03-02T10:02:00Z");

        assertThat(nubo.calledTicks()).containsExactly(at("2026-03-02T10:01:00Z"), at("2026-03-02T10:02:00Z"));
        assertThat(nubo.caller.calls.get(0).result()).as("the 10:01 call was given up").isCancelled();
        assertThat(nubo.caller.calls.get(1).result()).isNotDone();
        TriggerStatus replaced = nubo.status("replace");
        assertThat(replaced.lastFire().result()).startsWith("abandoned").contains("Replace");

        nubo.caller.calls.get(1).answer(ScriptedCaller.ok());

        TriggerStatus status = nubo.status("replace");
        assertThat(status.lastFire().time()).isEqualTo(at("2026-03-02T10:02:00Z"));
        assertThat(status.lastFire().status()).isEqualTo(200);
        assertThat(status.counts()).isEqualTo(new TriggerStatus.Counts(2, 0, 0));
    }

    @Test
    void allowLetsCallsOfSeveralTicksRunAtOnce() {
        nubo.function("slow");
        nubo.create("allow", calling("slow", "* * * * *"));
        nubo.caller.hold();

        nubo.advanceTo("2026-03-02T10:03:00Z");

        assertThat(nubo.caller.calls).hasSize(3).noneMatch(c -> c.result().isDone());
        nubo.caller.calls.forEach(c -> c.answer(ScriptedCaller.ok()));
        assertThat(nubo.status("allow").counts()).isEqualTo(new TriggerStatus.Counts(3, 0, 0));
    }

    @Test
    void aCallThatFindsItsFunctionNotReadyIsTriedAgainWithTheSameEventId() {
        nubo.function("starting");
        nubo.create("retried", calling("starting", "*/5 * * * *"));
        AtomicInteger attempts = new AtomicInteger();
        nubo.caller.answerWith(call -> attempts.incrementAndGet() <= 2 ? ScriptedCaller.notReady() : ScriptedCaller.ok());

        nubo.advanceTo("2026-03-02T10:05:10Z");

        assertThat(nubo.caller.calls).hasSize(3);
        assertThat(nubo.caller.calls).extracting(c -> c.event().id()).containsOnly(nubo.caller.calls.getFirst()
                .event().id());
        TriggerStatus status = nubo.status("retried");
        assertThat(status.lastFire().status()).isEqualTo(200);
        assertThat(status.lastFire().result()).isEqualTo("200 in 3 ms (attempt 3)");
        assertThat(status.counts()).isEqualTo(new TriggerStatus.Counts(1, 0, 0));
    }

    @Test
    void retriesOfANotReadyFunctionStopAtTheRetryWindowAndTheErrorShows() {
        nubo.function("broken");
        nubo.create("every-5-min", calling("broken", "*/5 * * * *"));
        nubo.create("every-10s", calling("broken", "@every 10s"));
        nubo.caller.answerWith(call -> ScriptedCaller.notReady());

        nubo.advanceTo("2026-03-02T10:06:00Z");

        assertThat(attemptsOf("every-5-min", "2026-03-02T10:05:00Z"))
                .as("0.5, 1, 2, 4, 5, 5, 5, 5 s apart: the next would be past the 30 s window").isEqualTo(9);
        assertThat(attemptsOf("every-10s", "2026-03-02T10:01:00Z")).as("0.5, 1, 2, 4 s apart: never past the next tick")
                .isEqualTo(5);
        TriggerStatus status = nubo.status("every-5-min");
        assertThat(status.lastError().result()).startsWith("function not ready: 0/1 replicas ready").endsWith(
                "(attempt 9)");
        assertThat(status.lastError().function()).isEqualTo("broken");
        assertThat(status.counts()).isEqualTo(new TriggerStatus.Counts(1, 1, 0));
        assertThat(ready(status).isTrue()).as("the trigger itself works").isTrue();
    }

    @Test
    void aTriggerForAMissingFunctionWaitsAndItsTicksFail() {
        nubo.caller.answerWith(call -> ScriptedCaller.notFound(call.function()));
        nubo.create("early", calling("later", "* * * * *"));

        TriggerStatus waiting = nubo.status("early");
        assertThat(ready(waiting).status()).isEqualTo(Condition.FALSE);
        assertThat(ready(waiting).reason()).isEqualTo(TriggerConditions.REASON_FUNCTION_NOT_FOUND);
        assertThat(ready(waiting).message()).contains("function later does not exist in namespace default");
        assertThat(waiting.functions()).isEmpty();
        assertThat(waiting.nextFireTimes()).hasSize(5);

        nubo.advanceTo("2026-03-02T10:01:00Z");
        TriggerStatus failed = nubo.status("early");
        assertThat(failed.lastError().result()).isEqualTo("function not found: no function later in namespace default");
        assertThat(failed.counts()).isEqualTo(new TriggerStatus.Counts(1, 1, 0));
        assertThat(nubo.caller.calls).as("not retried: it does not exist").hasSize(1);

        nubo.function("later");
        nubo.caller.answerWith(call -> ScriptedCaller.ok());
        TriggerStatus found = nubo.status("early");
        assertThat(ready(found).reason()).isEqualTo(TriggerConditions.REASON_ACTIVE);
        assertThat(found.functions()).containsExactly("later");
        nubo.advanceTo("2026-03-02T10:02:00Z");
        assertThat(nubo.status("early").lastFire().status()).isEqualTo(200);
        assertThat(nubo.status("early").lastError().time()).as("the last error stays")
                .isEqualTo(at("2026-03-02T10:01:00Z"));
    }

    /** While no trigger is stored the resync reads no functions; the first trigger after that still finds its own. */
    @Test
    void theFirstTriggerAfterAResyncWithoutTriggersFindsAFunctionCreatedBefore() {
        CronProperties resyncEvery10s = new CronProperties(true, Duration.ofSeconds(10), Duration.ofSeconds(60), 10,
                Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofMillis(1), Duration.ofDays(7));
        nubo.scheduler.stop();
        CronInstance resyncing = new CronInstance(dataSource, at(START), resyncEvery10s, "resyncing").start();
        resyncing.function("hello");
        resyncing.advance(Duration.ofSeconds(11)); // a resync, with no trigger stored

        resyncing.create("first", calling("hello", "* * * * *"));

        TriggerStatus status = resyncing.status("first");
        assertThat(ready(status).reason()).isEqualTo(TriggerConditions.REASON_ACTIVE);
        assertThat(status.functions()).containsExactly("hello");
        resyncing.scheduler.stop();
    }

    @Test
    void aSelectorCallsEveryMatchingFunctionAndFollowsTheirLabels() {
        nubo.function("invoice", Map.of("team", "billing"));
        nubo.function("refund", Map.of("team", "billing"));
        nubo.function("search", Map.of("team", "web"));
        nubo.create("billing", CronSpecs.selecting(LabelSelector.of(Map.of("team", "billing")), "* * * * *"));

        nubo.advanceTo("2026-03-02T10:01:00Z");

        assertThat(nubo.caller.calls).extracting(ScriptedCaller.Call::function)
                .containsExactlyInAnyOrder("invoice", "refund");
        assertThat(nubo.caller.calls).extracting(c -> c.event().id()).as("one tick, one event id").hasSize(2)
                .containsOnly(nubo.caller.calls.getFirst().event().id());
        assertThat(nubo.status("billing").functions()).containsExactly("invoice", "refund");

        nubo.functions.delete("default", "refund");
        nubo.function("reports", Map.of("team", "billing"));
        nubo.advanceTo("2026-03-02T10:02:00Z");

        assertThat(nubo.caller.calls.subList(2, 4)).extracting(ScriptedCaller.Call::function)
                .containsExactlyInAnyOrder("invoice", "reports");
        assertThat(nubo.status("billing").functions()).containsExactly("invoice", "reports");

        nubo.functions.delete("default", "invoice");
        nubo.functions.delete("default", "reports");
        nubo.advanceTo("2026-03-02T10:03:00Z");
        TriggerStatus none = nubo.status("billing");
        assertThat(ready(none).reason()).isEqualTo(TriggerConditions.REASON_FUNCTION_NOT_FOUND);
        assertThat(ready(none).message()).contains("matches the selector team=billing");
        assertThat(none.lastError().result()).startsWith("nothing called");
        assertThat(nubo.caller.calls).hasSize(4);
    }

    @Test
    void changesTakeEffectWithoutARestart() {
        nubo.function("hello");
        nubo.create("live", calling("hello", "*/10 * * * *"));

        nubo.update("live", spec -> CronSpecs.schedule(spec, "* * * * *"));
        nubo.advanceTo("2026-03-02T10:02:00Z");
        assertThat(nubo.calledTicks()).containsExactly(at("2026-03-02T10:01:00Z"), at("2026-03-02T10:02:00Z"));

        nubo.update("live", spec -> CronSpecs.enabled(spec, false));
        TriggerStatus disabled = nubo.status("live");
        assertThat(ready(disabled).status()).isEqualTo(Condition.FALSE);
        assertThat(ready(disabled).reason()).isEqualTo(TriggerConditions.REASON_DISABLED);
        assertThat(disabled.nextFireTimes()).isNull();
        assertThat(disabled.observedGeneration()).isEqualTo(3);
        nubo.advanceTo("2026-03-02T10:05:00Z");
        assertThat(nubo.caller.calls).hasSize(2);

        nubo.update("live", spec -> CronSpecs.enabled(spec, true));
        nubo.advanceTo("2026-03-02T10:06:00Z");
        assertThat(nubo.calledTicks()).as("no replay of the ticks while disabled").endsWith(at("2026-03-02T10:06:00Z"))
                .hasSize(3);
        assertThat(ready(nubo.status("live")).reason()).isEqualTo(TriggerConditions.REASON_ACTIVE);

        nubo.triggers.delete("default", "live");
        nubo.advanceTo("2026-03-02T10:10:00Z");
        assertThat(nubo.caller.calls).hasSize(3);
    }

    @Test
    void aScheduleThatCannotBeReadShowsSpecInvalidAndNeverFires() {
        nubo.function("hello");
        nubo.create("broken", calling("hello", "61 * * * *"));
        nubo.create("nowhere", CronSpecs.timeZone(calling("hello", "@daily"), "Mars/Olympus"));

        nubo.advanceTo("2026-03-03T10:00:00Z");

        assertThat(nubo.caller.calls).isEmpty();
        Condition broken = ready(nubo.status("broken"));
        assertThat(broken.reason()).isEqualTo(TriggerConditions.REASON_SPEC_INVALID);
        assertThat(broken.message()).startsWith("not a valid cron schedule");
        assertThat(ready(nubo.status("nowhere")).message()).contains("unknown time zone Mars/Olympus");

        nubo.update("broken", spec -> CronSpecs.schedule(spec, "1 * * * *"));
        nubo.advanceTo("2026-03-03T10:01:00Z");
        assertThat(nubo.calledTicks()).containsExactly(at("2026-03-03T10:01:00Z"));
    }

    @Test
    void statusWritesAreThrottledWhileEveryCallIsCounted() {
        CronProperties everyFiveSeconds = new CronProperties(true, Duration.ofDays(2), Duration.ofSeconds(60), 10,
                Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofDays(7));
        nubo.scheduler.stop();
        CronInstance throttled = new CronInstance(dataSource, at(START), everyFiveSeconds, "throttled").start();
        throttled.function("hello");
        throttled.create("fast", calling("hello", "@every 1s"));
        AtomicInteger statusWrites = new AtomicInteger();
        throttled.triggers.subscribe(e -> {
            if (e.type() == StoreEvent.Type.MODIFIED && !e.specChanged()) {
                statusWrites.incrementAndGet();
            }
        });

        throttled.advance(Duration.ofSeconds(30));
        throttled.advance(Duration.ofMillis(4999)); // the last write of the 30 s is due within 5 s

        assertThat(throttled.caller.calls).hasSize(34);
        assertThat(statusWrites.get()).as("at most one write per 5 s for 34 calls").isBetween(6, 8);
        TriggerStatus status = throttled.triggers.get("default", "fast").orElseThrow().status();
        assertThat(status.counts().calls()).isBetween(29L, 34L);
        throttled.scheduler.stop();
        assertThat(throttled.triggers.get("default", "fast").orElseThrow().status().counts().calls())
                .as("stopping writes what was pending").isEqualTo(34);
    }

    private CronInstance restartAt(String instant) {
        return new CronInstance(dataSource, at(instant), CronInstance.TEST_PROPERTIES, "restarted").start();
    }

    private long attemptsOf(String trigger, String tick) {
        return nubo.caller.calls.stream().filter(c -> c.event().headers().get("ce-subject").equals(trigger)
                && c.event().time().equals(at(tick))).count();
    }

    private List<Instant> ticksOf(String trigger) {
        return nubo.caller.calls.stream().filter(c -> c.event().headers().get("ce-subject").equals(trigger))
                .map(c -> c.event().time()).toList();
    }
}
