package dev.nubo.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.trigger.CronTrigger;
import dev.nubo.core.trigger.CronTriggerSpec;
import dev.nubo.core.trigger.LabelSelector;
import dev.nubo.core.trigger.TriggerStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tick claims and the atomic status change, on every database Nubo supports: what makes a cron tick fire once
 * when several platform instances share one store.
 */
abstract class CronTickClaimsContract {

    private static final Instant TICK = Instant.parse("2026-03-01T10:00:00Z");

    /** Two connection pools on one database: what two platform instances sharing a store have. */
    protected abstract DataSource openDatabase();

    protected abstract DataSource secondPool();

    protected abstract void closeDatabase() throws Exception;

    private CronTriggerStore triggers;
    private CronTickClaims claims;
    private CronTickClaims otherInstanceClaims;

    @BeforeEach
    void open() {
        DataSource first = openDatabase();
        triggers = new JdbcCronTriggerStore(new JdbcTemplate(first), transactions(first), JsonMapper.builder().build(),
                Clock.systemUTC());
        claims = claimsOver(first);
        otherInstanceClaims = claimsOver(secondPool());
    }

    @AfterEach
    void close() throws Exception {
        closeDatabase();
    }

    @Test
    void aTickIsClaimedOnceAndTheSecondClaimIsTaken() {
        CronTrigger trigger = triggers.create(trigger("nightly"));

        assertThat(claims.claim(trigger.metadata().uid(), 1, TICK, "a")).isEqualTo(CronTickClaims.Claim.CLAIMED);
        assertThat(otherInstanceClaims.claim(trigger.metadata().uid(), 1, TICK, "b"))
                .isEqualTo(CronTickClaims.Claim.TAKEN);
        assertThat(claims.claim(trigger.metadata().uid(), 1, TICK, "a")).as("a retry of the same instance")
                .isEqualTo(CronTickClaims.Claim.TAKEN);
        assertThat(otherInstanceClaims.claim(trigger.metadata().uid(), 1, TICK.plusSeconds(60), "b"))
                .as("the next tick is a new claim").isEqualTo(CronTickClaims.Claim.CLAIMED);
    }

    @Test
    void aTriggerChangedOrDeletedSinceItWasArmedCannotBeClaimed() {
        CronTrigger trigger = triggers.create(trigger("nightly"));
        triggers.update(trigger.withSpec(spec("@daily", false)));

        assertThat(claims.claim(trigger.metadata().uid(), 1, TICK, "a"))
                .as("armed at generation 1, now disabled at 2").isEqualTo(CronTickClaims.Claim.TRIGGER_CHANGED);
        assertThat(claims.claim(trigger.metadata().uid(), 2, TICK, "a")).isEqualTo(CronTickClaims.Claim.CLAIMED);

        triggers.delete("default", "nightly");
        assertThat(claims.claim(trigger.metadata().uid(), 2, TICK.plusSeconds(60), "a"))
                .isEqualTo(CronTickClaims.Claim.TRIGGER_CHANGED);
    }

    @Test
    void manyInstancesClaimingTheSameTicksAtOnceFireEachTickOnce() throws Exception {
        CronTrigger trigger = triggers.create(trigger("racy"));
        String uid = trigger.metadata().uid();
        List<CronTickClaims> instances = List.of(claims, otherInstanceClaims);
        int ticks = 25;
        List<String> winners = new CopyOnWriteArrayList<>();
        CyclicBarrier together = new CyclicBarrier(4);
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                CronTickClaims instance = instances.get(t % 2);
                String claimant = "instance-" + t;
                running.add(threads.submit(() -> {
                    for (int i = 0; i < ticks; i++) {
                        together.await();
                        if (instance.claim(uid, 1, TICK.plusSeconds(i), claimant) == CronTickClaims.Claim.CLAIMED) {
                            winners.add(i + " by " + claimant);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }

        assertThat(winners).hasSize(ticks);
        assertThat(winners.stream().map(w -> w.substring(0, w.indexOf(' '))).distinct()).hasSize(ticks);
    }

    @Test
    void theLastClaimedTickIsRememberedUntilPruned() {
        CronTrigger trigger = triggers.create(trigger("remembered"));
        String uid = trigger.metadata().uid();
        assertThat(claims.lastClaimed(uid)).isEmpty();

        claims.claim(uid, 1, TICK, "a");
        claims.claim(uid, 1, TICK.plusSeconds(120), "a");
        claims.claim(uid, 1, TICK.plusSeconds(60), "b");

        assertThat(otherInstanceClaims.lastClaimed(uid)).contains(TICK.plusSeconds(120));
        assertThat(claims.pruneBefore(TICK.plusSeconds(61))).isEqualTo(2);
        assertThat(claims.lastClaimed(uid)).contains(TICK.plusSeconds(120));
        claims.pruneBefore(TICK.plusSeconds(3600));
        assertThat(claims.lastClaimed(uid)).isEmpty();
    }

    @Test
    void concurrentStatusChangesFromTwoInstancesLoseNoCount() throws Exception {
        triggers.create(trigger("counted"));
        CronTriggerStore otherInstance = new JdbcCronTriggerStore(new JdbcTemplate(secondPool()),
                transactions(secondPool()), JsonMapper.builder().build(), Clock.systemUTC());
        int perThread = 20;
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                CronTriggerStore store = t % 2 == 0 ? triggers : otherInstance;
                running.add(threads.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        store.changeStatus("default", "counted", current -> {
                            TriggerStatus.Counts counts = current.status() == null || current.status().counts() == null
                                    ? new TriggerStatus.Counts(0, 0, 0) : current.status().counts();
                            return new TriggerStatus(List.of(), null, null, null, null,
                                    new TriggerStatus.Counts(counts.calls() + 1, 0, 0), null, null);
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }

        assertThat(triggers.get("default", "counted").orElseThrow().status().counts().calls()).isEqualTo(4L * perThread);
    }

    @Test
    void aStoredTriggerReadsBackAsWritten() {
        CronTriggerSpec spec = new CronTriggerSpec(null, LabelSelector.of(Map.of("team", "billing")), "@daily",
                "Europe/Paris", Map.of("report", "daily"), "application/json", CronTriggerSpec.ConcurrencyPolicy.Forbid,
                true, false);
        triggers.create(CronTrigger.of(ObjectMeta.named("default", "disabled"), spec));

        CronTrigger read = triggers.get("default", "disabled").orElseThrow();

        assertThat(read.spec()).isEqualTo(spec);
        assertThat(read.spec().isEnabled()).as("enabled: false survives the store").isFalse();
        assertThat(JsonMapper.builder().build().writeValueAsString(read.spec().functionSelector()))
                .isEqualTo("{\"matchLabels\":{\"team\":\"billing\"}}");
    }

    @Test
    void aStatusChangeThatChangesNothingWritesNothing() {
        CronTrigger created = triggers.create(trigger("calm"));
        List<StoreEvent<CronTrigger>> events = new CopyOnWriteArrayList<>();
        triggers.subscribe(events::add);

        var unchanged = triggers.changeStatus("default", "calm", current -> null);

        assertThat(unchanged).hasValueSatisfying(t -> assertThat(t.metadata().resourceVersion())
                .isEqualTo(created.metadata().resourceVersion()));
        assertThat(events).isEmpty();
        assertThat(triggers.changeStatus("default", "gone", current -> TriggerStatus.pending())).isEmpty();
    }

    private static CronTickClaims claimsOver(DataSource dataSource) {
        return new CronTickClaims(new JdbcTemplate(dataSource), transactions(dataSource), Clock.systemUTC());
    }

    private static TransactionTemplate transactions(DataSource dataSource) {
        return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    private static CronTrigger trigger(String name) {
        return CronTrigger.of(ObjectMeta.named("default", name), spec("* * * * *", true));
    }

    private static CronTriggerSpec spec(String schedule, boolean enabled) {
        return new CronTriggerSpec("hello", null, schedule, null, null, null, null, null, enabled);
    }
}
