package dev.nubo.triggers.cron;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.nubo.core.function.Function;
import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.store.JdbcFunctionStore;
import dev.nubo.core.store.JdbcCronTriggerStore;
import dev.nubo.core.store.CronTickClaims;
import dev.nubo.core.store.CronTriggerStore;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.core.testing.TestFunctions;
import dev.nubo.core.trigger.CronTrigger;
import dev.nubo.core.trigger.CronTriggerSpec;
import dev.nubo.core.trigger.TriggerStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * One platform instance's cron scheduler over a real database (H2 file or a PostgreSQL schema), with a fake clock,
 * a timer the test drives, and a caller whose answers the test decides.
 */
final class CronInstance {

    /** Tests drive changes themselves: no resync unless a test asks for one; status written as soon as possible. */
    static final CronProperties TEST_PROPERTIES = new CronProperties(true, Duration.ofDays(2), Duration.ofSeconds(60),
            10, Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofMillis(1), Duration.ofDays(7));

    final FakeClock clock;
    final ManualTimer timer;
    final ScriptedCaller caller = new ScriptedCaller();
    final CronTriggerStore triggers;
    final FunctionStore functions;
    final CronTickClaims claims;
    final CronScheduler scheduler;

    CronInstance(DataSource dataSource, Instant start, CronProperties properties, String name) {
        clock = new FakeClock(start);
        timer = new ManualTimer(clock);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        JsonMapper json = JsonMapper.builder().build();
        triggers = new JdbcCronTriggerStore(jdbc, transactions, json, clock);
        functions = new JdbcFunctionStore(jdbc, transactions, json, clock);
        claims = new CronTickClaims(jdbc, transactions, clock);
        scheduler = new CronScheduler(triggers, functions, claims, caller, timer, clock, properties, name);
    }

    CronInstance start() {
        scheduler.start();
        timer.runDue();
        return this;
    }

    CronTrigger create(String name, CronTriggerSpec spec) {
        CronTrigger created = triggers.create(CronTrigger.of(ObjectMeta.named("default", name), spec));
        timer.runDue();
        return created;
    }

    CronTrigger update(String name, java.util.function.UnaryOperator<CronTriggerSpec> change) {
        CronTrigger current = triggers.get("default", name).orElseThrow();
        CronTrigger updated = triggers.update(current.withSpec(change.apply(current.spec())));
        timer.runDue();
        return updated;
    }

    Function function(String name, Map<String, String> labels) {
        Function hello = TestFunctions.hello("default", name);
        Function created = functions.create(hello.withMetadata(new ObjectMeta(name, "default", labels, null, null, null,
                null)));
        timer.runDue();
        return created;
    }

    Function function(String name) {
        return function(name, Map.of());
    }

    void advanceTo(String instant) {
        timer.advanceTo(Instant.parse(instant));
    }

    void advance(Duration duration) {
        timer.advance(duration);
    }

    /** The stored status, once the writes due have run (status is written at most once per millisecond here). */
    TriggerStatus status(String name) {
        timer.advance(Duration.ofMillis(1));
        return triggers.get("default", name).orElseThrow().status();
    }

    /** Instants of the ticks the functions were called for, in call order. */
    List<Instant> calledTicks() {
        return caller.calls.stream().map(c -> c.event().time()).toList();
    }
}
