package dev.nubo.core.testing;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.nubo.core.store.JdbcNamespaceStore;
import dev.nubo.core.store.JdbcFunctionStore;
import dev.nubo.core.store.JdbcResourceStore;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.core.store.NamespaceStore;
import tools.jackson.databind.json.JsonMapper;

/** The real JDBC stores over a test database, without a Spring context. */
public record TestStores(FunctionStore functions, NamespaceStore namespaces) {

    public static TestStores over(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        Clock clock = Clock.systemUTC();
        return new TestStores(new JdbcFunctionStore(jdbc, tx, JsonMapper.builder().build(), clock),
                new JdbcNamespaceStore(jdbc, tx, clock));
    }

    /** Reads the other writers' function changes now (what the distributed services' poller does every 500 ms). */
    public void pollOtherWriters() {
        ((JdbcResourceStore<?, ?, ?>) functions).pollOtherWriters();
    }
}
