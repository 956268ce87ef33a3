package dev.nubo.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import com.zaxxer.hikari.HikariDataSource;

import dev.nubo.core.store.FunctionStore;
import dev.nubo.core.testing.TestDatabases;
import dev.nubo.core.testing.TestStores;

/**
 * The sampler's thread runs only where calls are recorded or shown: a service that takes the metrics alone (the
 * controller, through CoreConfiguration) has none; one that imports {@link ReplicaSamplerConfiguration} has it.
 */
class MetricsConfigurationTest {

    @TempDir
    Path dir;

    @Test
    void aContextWithoutTheMetricsConsumersHasNoSampler() {
        new ApplicationContextRunner()
                .withUserConfiguration(MetricsConfiguration.class)
                .withBean(Clock.class, Clock::systemUTC)
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(InMemoryFunctionMetrics.class)
                        .doesNotHaveBean(ReplicaSampler.class));
    }

    @Test
    void aServiceThatRecordsOrShowsCallsRunsTheSampler() {
        try (HikariDataSource database = TestDatabases.h2(dir)) {
            FunctionStore store = TestStores.over(database).functions();
            ReplicaSampler[] started = new ReplicaSampler[1];
            new ApplicationContextRunner()
                    .withUserConfiguration(ReplicaSamplerConfiguration.class)
                    .withBean(Clock.class, Clock::systemUTC)
                    .withBean(FunctionStore.class, () -> store)
                    .run(context -> {
                        assertThat(context).hasSingleBean(InMemoryFunctionMetrics.class);
                        started[0] = context.getBean(ReplicaSampler.class);
                        assertThat(started[0].isRunning()).isTrue();
                    });
            assertThat(started[0].isRunning()).isFalse();
        }
    }
}
