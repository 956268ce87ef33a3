package dev.nubo.core.store;

import java.time.Clock;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.nubo.core.trigger.CronTrigger;
import dev.nubo.core.trigger.CronTriggerSpec;
import dev.nubo.core.trigger.TriggerStatus;
import tools.jackson.databind.json.JsonMapper;

/** The stored CronTriggers on JDBC. */
public class JdbcCronTriggerStore extends JdbcResourceStore<CronTrigger, CronTriggerSpec, TriggerStatus> implements CronTriggerStore {

    public JdbcCronTriggerStore(JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json, Clock clock) {
        super(CronTrigger.KIND, CronTriggerSpec.class, TriggerStatus.class,
                (meta, spec, status) -> new CronTrigger(CronTrigger.API_VERSION, CronTrigger.KIND, meta, spec, status),
                jdbc, transactions, json, clock);
    }
}
