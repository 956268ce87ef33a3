package dev.nubo.core.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Real databases for tests: an H2 file in a temp directory, or a fresh schema in the PostgreSQL server that runs
 * on every Nubo build machine (127.0.0.1:5432, database {@code test}, trust auth).
 */
public final class TestDatabases {

    public static final String POSTGRES_URL = System.getProperty("nubo.test.postgres-url",
            "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String POSTGRES_USER = System.getProperty("nubo.test.postgres-user", "postgres");

    private TestDatabases() {
    }

    /** The URL standalone uses, in a directory of the test's own. */
    public static String h2Url(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("nubo").toAbsolutePath() + ";WRITE_DELAY=0";
    }

    public static HikariDataSource h2(Path dir) {
        HikariDataSource dataSource = pool(h2Url(dir), "sa");
        migrate(dataSource, "h2", null);
        return dataSource;
    }

    /** A schema of its own in the shared PostgreSQL database; drop it with {@link #dropPostgresSchema}. */
    public static String newPostgresSchema() {
        return "nubo_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public static HikariDataSource postgres(String schema) {
        HikariDataSource dataSource = pool(POSTGRES_URL + "?currentSchema=" + schema, POSTGRES_USER);
        migrate(dataSource, "postgresql", schema);
        return dataSource;
    }

    public static void dropPostgresSchema(String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "")) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static HikariDataSource pool(String url, String user) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(user);
        dataSource.setPassword("");
        dataSource.setMaximumPoolSize(4);
        return dataSource;
    }

    private static void migrate(DataSource dataSource, String vendor, String schema) {
        var config = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/" + vendor);
        if (schema != null) {
            config.schemas(schema).createSchemas(true);
        }
        config.load().migrate();
    }
}
