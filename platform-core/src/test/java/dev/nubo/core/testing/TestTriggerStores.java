package dev.nubo.core.testing;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.nubo.core.store.JdbcNatsTriggerStore;
import dev.nubo.core.store.JdbcNamespaceStore;
import dev.nubo.core.store.JdbcKafkaTriggerStore;
import dev.nubo.core.store.JdbcHttpTriggerStore;
import dev.nubo.core.store.JdbcFunctionStore;
import dev.nubo.core.store.JdbcCronTriggerStore;
import dev.nubo.core.store.CronTriggerStore;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.core.store.HttpTriggerStore;
import dev.nubo.core.store.KafkaTriggerStore;
import dev.nubo.core.store.NamespaceStore;
import dev.nubo.core.store.NatsTriggerStore;
import dev.nubo.core.store.ResourceStore;
import dev.nubo.core.trigger.Trigger;
import dev.nubo.core.trigger.TriggerKind;
import dev.nubo.core.trigger.TriggerSpec;
import dev.nubo.core.trigger.TriggerStatus;
import tools.jackson.databind.json.JsonMapper;

/** The real JDBC trigger stores (and functions, namespaces) over a test database, without a Spring context. */
public record TestTriggerStores(HttpTriggerStore http, CronTriggerStore cron, KafkaTriggerStore kafka,
        NatsTriggerStore nats, FunctionStore functions, NamespaceStore namespaces) {

    public static TestTriggerStores over(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        Clock clock = Clock.systemUTC();
        JsonMapper json = JsonMapper.builder().build();
        return new TestTriggerStores(new JdbcHttpTriggerStore(jdbc, tx, json, clock),
                new JdbcCronTriggerStore(jdbc, tx, json, clock), new JdbcKafkaTriggerStore(jdbc, tx, json, clock),
                new JdbcNatsTriggerStore(jdbc, tx, json, clock), new JdbcFunctionStore(jdbc, tx, json, clock),
                new JdbcNamespaceStore(jdbc, tx, clock));
    }

    /** The store of a kind. */
    @SuppressWarnings("unchecked")
    public <T extends Trigger<S>, S extends TriggerSpec> ResourceStore<T, S, TriggerStatus> of(TriggerKind<T, S> kind) {
        Object store = switch (kind.kind()) {
            case "HttpTrigger" -> http;
            case "CronTrigger" -> cron;
            case "KafkaTrigger" -> kafka;
            case "NatsTrigger" -> nats;
            default -> throw new IllegalArgumentException(kind.kind());
        };
        return (ResourceStore<T, S, TriggerStatus>) store;
    }
}
