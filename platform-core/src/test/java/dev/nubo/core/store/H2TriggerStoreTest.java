package dev.nubo.core.store;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariDataSource;

import dev.nubo.core.testing.TestDatabases;
import dev.nubo.core.testing.TestTriggerStores;

class H2TriggerStoreTest extends TriggerStoreContract {

    @TempDir
    Path dir;
    private HikariDataSource dataSource;

    @Override
    protected TestTriggerStores openStores() {
        dataSource = TestDatabases.h2(dir);
        return TestTriggerStores.over(dataSource);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }
}
