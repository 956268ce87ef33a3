package dev.nubo.triggers.cron;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariDataSource;

import dev.nubo.core.testing.TestDatabases;

/** Two pools on one H2 file (one database engine, as inside one JVM). */
class H2CronTwoInstancesTest extends CronTwoInstancesContract {

    @TempDir
    Path dir;
    private final List<HikariDataSource> pools = new ArrayList<>();

    @Override
    protected DataSource newPool() {
        HikariDataSource pool = TestDatabases.h2(dir);
        pools.add(pool);
        return pool;
    }

    @Override
    protected void closeDatabase() {
        pools.forEach(HikariDataSource::close);
    }
}
