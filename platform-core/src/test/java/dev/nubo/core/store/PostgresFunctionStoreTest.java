package dev.nubo.core.store;

import org.junit.jupiter.api.AfterEach;

import com.zaxxer.hikari.HikariDataSource;

import dev.nubo.core.testing.TestDatabases;
import dev.nubo.core.testing.TestStores;

/** Same promises on PostgreSQL (the server on 127.0.0.1:5432 that every Nubo build machine runs). */
class PostgresFunctionStoreTest extends FunctionStoreContract {

    private String schema;
    private HikariDataSource dataSource;

    @Override
    protected TestStores openStores() {
        schema = TestDatabases.newPostgresSchema();
        dataSource = TestDatabases.postgres(schema);
        return TestStores.over(dataSource);
    }

    @Override
    protected TestStores anotherWriter() {
        return TestStores.over(dataSource);
    }

    @AfterEach
    void close() throws Exception {
        dataSource.close();
        TestDatabases.dropPostgresSchema(schema);
    }
}
