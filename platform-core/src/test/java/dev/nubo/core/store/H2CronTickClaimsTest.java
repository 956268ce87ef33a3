package dev.nubo.core.store;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariDataSource;

import dev.nubo.core.testing.TestDatabases;

/** Two pools on one H2 file in one JVM: the database engine is shared, as it is by the platform's own threads. */
class H2CronTickClaimsTest extends CronTickClaimsContract {

    @TempDir
    Path dir;
    private HikariDataSource first;
    private HikariDataSource second;

    @Override
    protected DataSource openDatabase() {
        first = TestDatabases.h2(dir);
        second = TestDatabases.h2(dir);
        return first;
    }

    @Override
    protected DataSource secondPool() {
        return second;
    }

    @Override
    protected void closeDatabase() {
        second.close();
        first.close();
    }
}
