package dev.nubo.core.store;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariDataSource;

import dev.nubo.core.testing.TestDatabases;
import dev.nubo.core.testing.TestStores;

class H2FunctionStoreTest extends FunctionStoreContract {

    @TempDir
    Path dir;
    private HikariDataSource dataSource;

    @Override
    protected TestStores openStores() {
        dataSource = TestDatabases.h2(dir);
        return TestStores.over(dataSource);
    }

    @Override
    protected TestStores anotherWriter() {
        return TestStores.over(dataSource);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }
}
