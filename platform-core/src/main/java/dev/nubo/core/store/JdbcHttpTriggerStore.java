package dev.nubo.core.store;

import java.time.Clock;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.nubo.core.trigger.HttpTrigger;
import dev.nubo.core.trigger.HttpTriggerSpec;
import dev.nubo.core.trigger.TriggerStatus;
import tools.jackson.databind.json.JsonMapper;

/** The stored HttpTriggers on JDBC. */
public class JdbcHttpTriggerStore extends JdbcResourceStore<HttpTrigger, HttpTriggerSpec, TriggerStatus> implements HttpTriggerStore {

    public JdbcHttpTriggerStore(JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json, Clock clock) {
        super(HttpTrigger.KIND, HttpTriggerSpec.class, TriggerStatus.class,
                (meta, spec, status) -> new HttpTrigger(HttpTrigger.API_VERSION, HttpTrigger.KIND, meta, spec, status),
                jdbc, transactions, json, clock);
    }
}
