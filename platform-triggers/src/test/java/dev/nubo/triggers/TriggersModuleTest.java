package dev.nubo.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.store.CronTriggerStore;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.core.store.StoreConfiguration;
import dev.nubo.core.testing.TestDatabases;
import dev.nubo.core.testing.TestFunctions;
import dev.nubo.core.trigger.CronTrigger;
import dev.nubo.core.trigger.CronTriggerSpec;
import dev.nubo.core.trigger.TriggerStatus;
import dev.nubo.triggers.cron.CronScheduler;
import dev.nubo.triggers.gateway.FunctionGateway;
import dev.nubo.triggers.gateway.GatewayFixture;
import dev.nubo.triggers.gateway.RecordingUpstream;
import dev.nubo.triggers.gateway.StaticFunctionEndpoints;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The module as the standalone and the triggers applications load it. */
class TriggersModuleTest {

    @TempDir
    Path dir;

    @Test
    void startsTheGatewayFromConfigurationAndStopsItWithTheContext() {
        try (RecordingUpstream upstream = RecordingUpstream.start("wired")) {
            StaticFunctionEndpoints functions = new StaticFunctionEndpoints().ready("ns", "fn", upstream.endpoint());
            FunctionGateway[] started = new FunctionGateway[1];

            new ApplicationContextRunner()
                    .withUserConfiguration(TriggersModule.class)
                    .withBean(FunctionEndpoints.class, () -> functions)
                    .withPropertyValues("nubo.gateway.port=0", "nubo.gateway.io-threads=1", "nubo.cron.enabled=false", "nubo.kafka.enabled=false",
                            "nubo.nats.enabled=false")
                    .run(context -> {
                        assertThat(context).doesNotHaveBean(CronScheduler.class);
                        FunctionGateway gateway = context.getBean(FunctionGateway.class);
                        started[0] = gateway;
                        assertThat(gateway.isRunning()).isTrue();
                        var response = GatewayFixture.send(GatewayFixture.newClient(), HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + gateway.port() + "/ns/fn/hi")).build());
                        assertThat(response.statusCode()).isEqualTo(200);
                        assertThat(response.body()).isEqualTo("wired");
                    });

            assertThat(started[0].isRunning()).isFalse();
        }
    }

    @Test
    void runsTheCronSchedulerOverTheStoreAndCallsFunctionsOverHttp() {
        try (RecordingUpstream upstream = RecordingUpstream.start("ticked");
                HikariDataSource dataSource = TestDatabases.h2(dir)) {
            StaticFunctionEndpoints endpoints = new StaticFunctionEndpoints().ready("default", "fn", upstream.endpoint());
            CronScheduler[] started = new CronScheduler[1];

            withStore(dataSource)
                    .withBean(FunctionEndpoints.class, () -> endpoints)
                    .withPropertyValues("nubo.gateway.port=0", "nubo.gateway.io-threads=1")
                    .run(context -> {
                        started[0] = context.getBean(CronScheduler.class);
                        assertThat(started[0].isRunning()).isTrue();
                        context.getBean(FunctionStore.class).create(TestFunctions.hello("default", "fn"));
                        CronTriggerStore triggers = context.getBean(CronTriggerStore.class);
                        CronTrigger trigger = triggers.create(CronTrigger.of(ObjectMeta.named("default", "tick"),
                                new CronTriggerSpec("fn", null, "@every 1s", null, Map.of("n", 1), null, null, null,
                                        null)));

                        await().atMost(Duration.ofSeconds(5)).until(() -> !upstream.received().isEmpty());
                        RecordingUpstream.Received call = upstream.received().getFirst();
                        assertThat(call.method()).isEqualTo("POST");
                        assertThat(call.bodyText()).isEqualTo("{\"n\":1}");
                        assertThat(call.header("Content-Type")).isEqualTo("application/json");
                        assertThat(call.header("event-namespace")).isEqualTo("cron.nubo.dev");
                        assertThat(call.header("ce-type")).isEqualTo("dev.nubo.cron.tick");
                        assertThat(call.header("event-id")).isEqualTo(trigger.metadata().uid() + "@"
                                + call.header("event-time"));
                        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                            TriggerStatus status = triggers.get("default", "tick").orElseThrow().status();
                            assertThat(status).isNotNull(); // an NPE would end the wait instead of retrying
                            assertThat(status.lastFire()).isNotNull();
                            assertThat(status.lastFire().status()).isEqualTo(200);
                        });
                    });

            assertThat(started[0].isRunning()).isFalse();
        }
    }

    private static ApplicationContextRunner withStore(DataSource dataSource) {
        return new ApplicationContextRunner()
                .withUserConfiguration(TriggersModule.class, StoreConfiguration.class)
                .withBean(DataSource.class, () -> dataSource)
                .withBean(JdbcTemplate.class, () -> new JdbcTemplate(dataSource))
                .withBean(TransactionTemplate.class,
                        () -> new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    }
}
