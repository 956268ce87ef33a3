package dev.nubo.core.store;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.nubo.core.config.NuboProperties;
import dev.nubo.core.secret.SecretCipher;
import dev.nubo.core.secret.SecretKeys;
import dev.nubo.core.secret.SecretStore;
import dev.nubo.core.secret.SecretsProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * The store beans. The DataSource and Flyway come from Spring Boot's auto-configuration
 * ({@code spring.datasource.url}; migrations in {@code db/migration/{vendor}}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({NuboProperties.class, SecretsProperties.class})
public class StoreConfiguration {

    /** Stored JSON must not change shape with the web layer's Jackson settings. */
    private static final JsonMapper STORE_JSON = JsonMapper.builder().build();

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    CronTickClaims cronTickClaims(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
        return new CronTickClaims(jdbc, transactions, clock);
    }

    @Bean
    SecretCipher secretCipher(SecretsProperties properties, NuboProperties nubo) {
        return SecretKeys.cipher(properties, nubo.absoluteDataDir());
    }

    @Bean
    SecretStore secretStore(JdbcTemplate jdbc, TransactionTemplate transactions, SecretCipher cipher, Clock clock) {
        return new SecretStore(jdbc, transactions, STORE_JSON, cipher, clock);
    }

    /**
     * Functions, triggers and namespaces in the database: the local backend ({@code nubo.backend=local}, the
     * default). On the Kubernetes backend the custom resources hold them instead (platform-kubernetes'
     * auto-configuration, the quotas in the Tenants); users, tokens, secrets, the audit log and cron tick claims stay
     * here either way.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "nubo.backend", havingValue = "local", matchIfMissing = true)
    static class JdbcResourceStores {

        @Bean
        JdbcFunctionStore functionStore(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
            return new JdbcFunctionStore(jdbc, transactions, STORE_JSON, clock);
        }

        @Bean
        JdbcHttpTriggerStore httpTriggerStore(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
            return new JdbcHttpTriggerStore(jdbc, transactions, STORE_JSON, clock);
        }

        @Bean
        JdbcCronTriggerStore cronTriggerStore(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
            return new JdbcCronTriggerStore(jdbc, transactions, STORE_JSON, clock);
        }

        @Bean
        JdbcKafkaTriggerStore kafkaTriggerStore(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
            return new JdbcKafkaTriggerStore(jdbc, transactions, STORE_JSON, clock);
        }

        @Bean
        JdbcNatsTriggerStore natsTriggerStore(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
            return new JdbcNatsTriggerStore(jdbc, transactions, STORE_JSON, clock);
        }

        @Bean
        NamespaceStore namespaceStore(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
            return new JdbcNamespaceStore(jdbc, transactions, clock);
        }
    }
}
