package dev.nubo.core.store;

import java.time.Clock;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.nubo.core.trigger.NatsTrigger;
import dev.nubo.core.trigger.NatsTriggerSpec;
import dev.nubo.core.trigger.TriggerStatus;
import tools.jackson.databind.json.JsonMapper;

/** The stored NatsTriggers on JDBC. */
public class JdbcNatsTriggerStore extends JdbcResourceStore<NatsTrigger, NatsTriggerSpec, TriggerStatus> implements NatsTriggerStore {

    public JdbcNatsTriggerStore(JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json, Clock clock) {
        super(NatsTrigger.KIND, NatsTriggerSpec.class, TriggerStatus.class,
                (meta, spec, status) -> new NatsTrigger(NatsTrigger.API_VERSION, NatsTrigger.KIND, meta, spec, status),
                jdbc, transactions, json, clock);
    }
}
