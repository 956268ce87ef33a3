package dev.nubo.core.store;

import java.sql.DatabaseMetaData;

import org.springframework.jdbc.core.JdbcTemplate;

/** The little SQL that differs between H2 and PostgreSQL. */
public final class Databases {

    private Databases() {
    }

    public static String nextValueSql(JdbcTemplate jdbc, String sequence) {
        String product = jdbc.execute((java.sql.Connection c) -> {
            DatabaseMetaData meta = c.getMetaData();
            return meta.getDatabaseProductName();
        });
        return product != null && product.toLowerCase().contains("postgres")
                ? "SELECT nextval('" + sequence + "')"
                : "SELECT NEXT VALUE FOR " + sequence;
    }
}
