package dev.nubo.core.store;

import java.time.Clock;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionSpec;
import dev.nubo.core.function.FunctionStatus;
import tools.jackson.databind.json.JsonMapper;

/** The stored Functions on JDBC. */
public class JdbcFunctionStore extends JdbcResourceStore<Function, FunctionSpec, FunctionStatus> implements FunctionStore {

    public JdbcFunctionStore(JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json, Clock clock) {
        super(Function.KIND, FunctionSpec.class, FunctionStatus.class,
                (meta, spec, status) -> new Function(Function.API_VERSION, Function.KIND, meta, spec, status),
                jdbc, transactions, json, clock);
    }
}
