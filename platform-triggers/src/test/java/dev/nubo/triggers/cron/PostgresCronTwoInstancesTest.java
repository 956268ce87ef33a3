package dev.nubo.triggers.cron;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;


import com.zaxxer.hikari.HikariDataSource;

import dev.nubo.core.testing.TestDatabases;

/** Two platform instances on one PostgreSQL database (a schema of the test's own). */
class PostgresCronTwoInstancesTest extends CronTwoInstancesContract {

    private final String schema = TestDatabases.newPostgresSchema();
    private final List<HikariDataSource> pools = new ArrayList<>();

    @Override
    protected DataSource newPool() {
        HikariDataSource pool = TestDatabases.postgres(schema);
        pools.add(pool);
        return pool;
    }

    @Override
    protected void closeDatabase() throws Exception {
        pools.forEach(HikariDataSource::close);
        TestDatabases.dropPostgresSchema(schema);
    }
}
