package dev.nubo.core.store;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import dev.nubo.core.testing.TestDatabases;

/** Two pools on one PostgreSQL schema: two platform instances sharing a store. */
class PostgresCronTickClaimsTest extends CronTickClaimsContract {

    private String schema;
    private HikariDataSource first;
    private HikariDataSource second;

    @Override
    protected DataSource openDatabase() {
        schema = TestDatabases.newPostgresSchema();
        first = TestDatabases.postgres(schema);
        second = TestDatabases.postgres(schema);
        return first;
    }

    @Override
    protected DataSource secondPool() {
        return second;
    }

    @Override
    protected void closeDatabase() throws Exception {
        second.close();
        first.close();
        TestDatabases.dropPostgresSchema(schema);
    }
}
