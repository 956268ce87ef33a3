package dev.nubo.core.store;

import java.time.Clock;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.nubo.core.trigger.KafkaTrigger;
import dev.nubo.core.trigger.KafkaTriggerSpec;
import dev.nubo.core.trigger.TriggerStatus;
import tools.jackson.databind.json.JsonMapper;

/** The stored KafkaTriggers on JDBC. */
public class JdbcKafkaTriggerStore extends JdbcResourceStore<KafkaTrigger, KafkaTriggerSpec, TriggerStatus> implements KafkaTriggerStore {

    public JdbcKafkaTriggerStore(JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json, Clock clock) {
        super(KafkaTrigger.KIND, KafkaTriggerSpec.class, TriggerStatus.class,
                (meta, spec, status) -> new KafkaTrigger(KafkaTrigger.API_VERSION, KafkaTrigger.KIND, meta, spec, status),
                jdbc, transactions, json, clock);
    }
}
