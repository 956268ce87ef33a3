package dev.nubo.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import com.zaxxer.hikari.HikariDataSource;

import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.core.endpoint.FunctionRoute;
import dev.nubo.core.testing.TestDatabases;
import dev.nubo.core.testing.TestFunctions;
import dev.nubo.core.testing.TestStores;

/** The sampler over the real store: replicas per function, deleted functions forgotten, new ones sampled at once. */
class ReplicaSamplerTest {

    @TempDir
    Path dir;
    private HikariDataSource database;

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void samplesEachFunctionsReadyReplicasAndForgetsDeletedOnes() {
        database = TestDatabases.h2(dir);
        TestStores stores = TestStores.over(database);
        stores.functions().create(TestFunctions.hello("default", "two"));
        stores.functions().create(TestFunctions.hello("default", "gone"));
        Map<String, Integer> ready = new java.util.concurrent.ConcurrentHashMap<>(Map.of("two", 2, "gone", 0,
                "late", 1));
        FunctionEndpoints endpoints = (namespace, name) -> Optional.ofNullable(ready.get(name)).map(n ->
                new FunctionRoute(namespace, name, java.util.Collections.nCopies(n, new Endpoint("127.0.0.1", 1)),
                        Duration.ofSeconds(30), n == 0 ? "ScaledToZero" : null, false));
        InMemoryFunctionMetricsTest.MovableClock clock = new InMemoryFunctionMetricsTest.MovableClock(
                Instant.parse("2026-12-04T09:00:10Z"));
        InMemoryFunctionMetrics metrics = new InMemoryFunctionMetrics(clock, null, 100);
        ReplicaSampler sampler = new ReplicaSampler(metrics, stores.functions(),
                new StaticListableBeanFactory(Map.of("endpoints", endpoints)).getBeanProvider(FunctionEndpoints.class),
                clock, Duration.ofSeconds(15));

        sampler.sample();

        assertThat(metrics.history("default", "two").points().getLast().replicas()).isEqualTo(2);
        assertThat(metrics.history("default", "gone").points().getLast().replicas()).isZero();

        // a function created after the listing and called already is sampled at once; a deleted one is forgotten
        stores.functions().create(TestFunctions.hello("default", "late"));
        metrics.record("default", "late", 200, 1_000_000, -1);
        stores.functions().delete("default", "gone");
        clock.advance(Duration.ofSeconds(15));
        sampler.sample();
        assertThat(metrics.history("default", "late").points().getLast().replicas()).isEqualTo(1);
        assertThat(metrics.tracked()).extracting(InMemoryFunctionMetrics.Key::function).contains("gone");

        clock.advance(Duration.ofSeconds(60));
        sampler.sample();
        assertThat(metrics.tracked()).extracting(InMemoryFunctionMetrics.Key::function)
                .containsExactlyInAnyOrder("two", "late");
        assertThat(metrics.history("default", "two").points().subList(58, 60))
                .extracting(FunctionHistory.Point::replicas).containsExactly(2, 2);
        assertThat(List.of(metrics.lastHour("default", "late").calls())).containsExactly(1L);
    }
}
