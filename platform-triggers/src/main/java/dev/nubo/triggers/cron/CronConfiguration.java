package dev.nubo.triggers.cron;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.UUID;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.nubo.core.store.CronTickClaims;
import dev.nubo.core.store.CronTriggerStore;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.triggers.dispatch.FunctionCaller;

/** The cron scheduler's beans; off with {@code nubo.cron.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "nubo.cron", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(CronProperties.class)
public class CronConfiguration {

    @Bean(destroyMethod = "close")
    ExecutorCronTimer cronTimer(Clock clock) {
        return new ExecutorCronTimer(clock);
    }

    @Bean
    CronScheduler cronScheduler(CronTriggerStore triggers, FunctionStore functions, CronTickClaims claims,
            FunctionCaller caller, ExecutorCronTimer timer, Clock clock, CronProperties properties) {
        // pid@host (what the JVM calls itself) + a random part: tells instances apart in the claims table
        String instanceId = ManagementFactory.getRuntimeMXBean().getName() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
        return new CronScheduler(triggers, functions, claims, caller, timer, clock, properties, instanceId);
    }
}
