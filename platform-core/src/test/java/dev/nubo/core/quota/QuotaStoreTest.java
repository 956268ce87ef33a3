package dev.nubo.core.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import com.zaxxer.hikari.HikariDataSource;

import dev.nubo.core.testing.TestDatabases;

/** Quotas round-trip with the gateway's calls per second, on H2 and PostgreSQL, and tell listeners of changes. */
class QuotaStoreTest {

    @TempDir
    Path dir;

    @Test
    void h2() {
        try (HikariDataSource dataSource = TestDatabases.h2(dir)) {
            roundTrip(new JdbcQuotaStore(new JdbcTemplate(dataSource)));
        }
    }

    @Test
    void postgres() throws Exception {
        String schema = TestDatabases.newPostgresSchema();
        try (HikariDataSource dataSource = TestDatabases.postgres(schema)) {
            roundTrip(new JdbcQuotaStore(new JdbcTemplate(dataSource)));
        } finally {
            TestDatabases.dropPostgresSchema(schema);
        }
    }

    private static void roundTrip(QuotaStore quotas) {
        List<String> changed = new ArrayList<>();
        quotas.subscribe(changed::add);
        Quota quota = new Quota(2, 3, 4, "1Gi", 100L, 50);
        quotas.put("shop", quota);
        quotas.put("empty", Quota.NONE);
        assertThat(quotas.get("shop")).isEqualTo(quota);
        assertThat(quotas.get("nowhere")).isEqualTo(Quota.NONE);
        assertThat(quotas.all()).containsEntry("shop", quota).containsEntry("empty", Quota.NONE).hasSize(2);
        quotas.forget("shop");
        assertThat(quotas.all()).doesNotContainKey("shop");
        assertThat(changed).containsExactly("shop", "empty", "shop");
    }
}
