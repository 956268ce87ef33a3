package dev.nubo.core.secret;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;

import com.zaxxer.hikari.HikariDataSource;

import dev.nubo.core.testing.TestDatabases;

class PostgresSecretStoreTest extends SecretStoreContract {

    private String schema;
    private HikariDataSource dataSource;

    @Override
    protected DataSource openDatabase() {
        schema = TestDatabases.newPostgresSchema();
        dataSource = TestDatabases.postgres(schema);
        return dataSource;
    }

    @AfterEach
    void close() throws Exception {
        dataSource.close();
        TestDatabases.dropPostgresSchema(schema);
    }
}
