package dev.nubo.core.secret;

import java.nio.file.Path;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariDataSource;

import dev.nubo.core.testing.TestDatabases;

class H2SecretStoreTest extends SecretStoreContract {

    @TempDir
    Path dir;
    private HikariDataSource dataSource;

    @Override
    protected DataSource openDatabase() {
        dataSource = TestDatabases.h2(dir);
        return dataSource;
    }

    @AfterEach
    void close() {
        dataSource.close();
    }
}
