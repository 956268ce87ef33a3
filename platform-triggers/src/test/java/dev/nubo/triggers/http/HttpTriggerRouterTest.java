package dev.nubo.triggers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariDataSource;

import dev.nubo.core.model.Condition;
import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.testing.TestDatabases;
import dev.nubo.core.testing.TestFunctions;
import dev.nubo.core.testing.TestTriggerStores;
import dev.nubo.core.trigger.HttpTrigger;
import dev.nubo.core.trigger.HttpTriggerSpec;
import dev.nubo.core.trigger.TriggerStatus;

/** The router over a real store (H2 file): routes and status follow the store's changes, without a restart. */
class HttpTriggerRouterTest {

    @TempDir
    Path dir;
    private HikariDataSource dataSource;
    private TestTriggerStores stores;
    private HttpTriggerRouter router;

    @BeforeEach
    void start() {
        dataSource = TestDatabases.h2(dir);
        stores = TestTriggerStores.over(dataSource);
        router = new HttpTriggerRouter(stores.http(), stores.functions(), Clock.systemUTC(), Duration.ofMinutes(5),
                Duration.ofMillis(200), 1);
    }

    @AfterEach
    void stop() {
        router.close();
        dataSource.close();
    }

    private HttpTrigger create(String name, String path, String function) {
        return stores.http().create(HttpTrigger.of(ObjectMeta.named("default", name),
                new HttpTriggerSpec(function, null, null, path, null, null, null, null, null, null).withDefaults())
                .withStatus(TriggerStatus.pending()));
    }

    private Condition ready(String name) {
        TriggerStatus status = stores.http().get("default", name).orElseThrow().status();
        return status.conditions().stream().filter(c -> c.type().equals("Ready")).findFirst().orElseThrow();
    }

    private String routedFunction(String path) {
        RoutedTrigger routed = router.current().match(null, RequestTarget.parse(path));
        return routed == null ? null : routed.route().function();
    }

    @Test
    void aTriggerStoredBeforeTheStartIsRoutedAtOnceAndItsStatusWritten() {
        stores.functions().create(TestFunctions.hello("default", "fn"));
        create("early", "/early", "fn");

        router.start();

        assertThat(routedFunction("/early/x")).isEqualTo("fn");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(ready("early").reason()).isEqualTo("Active");
            assertThat(stores.http().get("default", "early").orElseThrow().status().observedGeneration()).isEqualTo(1);
            assertThat(stores.http().get("default", "early").orElseThrow().status().functions()).containsExactly("fn");
        });
    }

    @Test
    void routesAndStatusFollowTriggerAndFunctionChanges() {
        router.start();
        create("waiting", "/w", "later");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(routedFunction("/w")).isEqualTo("later");
            assertThat(ready("waiting").reason()).isEqualTo("FunctionNotFound");
        });

        stores.functions().create(TestFunctions.hello("default", "later"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ready("waiting").reason())
                .isEqualTo("Active"));

        HttpTrigger moved = stores.http().update(stores.http().get("default", "waiting").orElseThrow()
                .withSpec(new HttpTriggerSpec("later", null, null, "/moved", null, null, null, null, null, null)
                        .withDefaults()));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(routedFunction("/moved/1")).isEqualTo("later");
            assertThat(routedFunction("/w")).isNull();
            assertThat(stores.http().get("default", "waiting").orElseThrow().status().observedGeneration())
                    .isEqualTo(moved.generation());
        });

        create("second", "/moved", "later");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(ready("second").reason()).isEqualTo("RouteConflict");
            assertThat(ready("second").message()).contains("default/waiting");
        });
        stores.http().delete("default", "waiting");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(ready("second").reason()).as("the route is free again").isEqualTo("Active");
            assertThat(router.current().routes()).extracting(r -> r.route().trigger()).containsExactly("second");
        });
    }

    @Test
    void statusIsNotWrittenAgainWhenNothingChanged() {
        stores.functions().create(TestFunctions.hello("default", "fn"));
        create("calm", "/calm", "fn");
        router.start();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ready("calm").reason())
                .isEqualTo("Active"));
        String version = stores.http().get("default", "calm").orElseThrow().metadata().resourceVersion();

        // another function appears: the plan is built again, this trigger's view is the same
        stores.functions().create(TestFunctions.hello("default", "other"));
        create("other", "/other", "other");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ready("other").reason())
                .isEqualTo("Active"));

        assertThat(stores.http().get("default", "calm").orElseThrow().metadata().resourceVersion()).isEqualTo(version);
        assertThat(List.of(routedFunction("/calm"), routedFunction("/other"))).containsExactly("fn", "other");
    }

    @Test
    void callsThroughARouteAddUpInItsStatus() {
        stores.functions().create(TestFunctions.hello("default", "fn"));
        create("counted", "/counted", "fn");
        router.start();
        RoutedTrigger routed = router.current().match(null, RequestTarget.parse("/counted"));

        routed.calls().answered(200, 3_000_000);
        routed.calls().answered(502, 1_000_000);
        routed.calls().failed(504, "The function did not answer within its timeout of 30.0 s");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            TriggerStatus status = stores.http().get("default", "counted").orElseThrow().status();
            assertThat(status.counts()).isNotNull(); // an NPE would end the wait instead of retrying
            assertThat(status.counts().calls()).isEqualTo(3);
            assertThat(status.counts().failures()).isEqualTo(2);
            assertThat(status.lastFire().function()).isEqualTo("fn");
            assertThat(status.lastFire().status()).isEqualTo(504);
            assertThat(status.lastError().result()).contains("timeout");
            assertThat(ready("counted").reason()).as("conditions kept").isEqualTo("Active");
        });
        routed.calls().answered(200, 2_000_000);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            TriggerStatus status = stores.http().get("default", "counted").orElseThrow().status();
            assertThat(status.counts().calls()).isEqualTo(4);
            assertThat(status.lastFire().status()).isEqualTo(200);
            assertThat(status.lastFire().result()).isEqualTo("200 in 2.0 ms");
            assertThat(status.lastError().status()).as("the last failure stays").isEqualTo(504);
        });
    }
}
