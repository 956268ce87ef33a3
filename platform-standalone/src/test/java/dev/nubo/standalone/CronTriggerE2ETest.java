package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import dev.nubo.core.model.Condition;
import dev.nubo.core.model.Conditions;
import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.store.CronTriggerStore;
import dev.nubo.core.trigger.CronTrigger;
import dev.nubo.core.trigger.CronTriggerSpec;
import dev.nubo.core.trigger.TriggerConditions;
import dev.nubo.core.trigger.TriggerStatus;
import tools.jackson.databind.JsonNode;

/** A CronTrigger firing a real Python function of the running platform, seen in the function's own log. */
class CronTriggerE2ETest {

    private static final String TICK_PRINTER = """
            import json
            def handler(event, context):
                headers = {k.lower(): v for k, v in event["extensions"]["request"].headers.items()}
                print("tick " + json.dumps({"data": event["data"], "id": event["event-id"], "time": event["event-time"],
                      "namespace": event["event-namespace"], "type": event["event-type"],
                      "ceType": headers.get("ce-type"), "subject": headers.get("ce-subject")}), flush=True)
                return "ok"
            """;

    private final Platform nubo = Platform.shared();

    @Test
    void aTriggerWaitsForItsFunctionThenCallsItEverySecondWithThePayloadUntilDisabled() {
        CronTrigger trigger = createCronTrigger("every-second", new CronTriggerSpec("cron-py", null, "@every 1s", null,
                Map.of("report", "daily"), null, null, null, null));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ready(cronTrigger("every-second"))
                .reason()).isEqualTo(TriggerConditions.REASON_FUNCTION_NOT_FOUND));

        nubo.create("default", Functions.python("cron-py", TICK_PRINTER));
        nubo.awaitReady("default", "cron-py");
        await().atMost(Duration.ofSeconds(15)).until(() -> ticks("cron-py").size() >= 2);

        JsonNode tick = ticks("cron-py").getFirst();
        assertThat(tick.path("data").path("report").asString()).isEqualTo("daily");
        assertThat(tick.path("namespace").asString()).isEqualTo("cron.nubo.dev");
        assertThat(tick.path("ceType").asString()).isEqualTo("dev.nubo.cron.tick");
        assertThat(tick.path("type").asString()).isEqualTo("application/json");
        assertThat(tick.path("subject").asString()).isEqualTo("every-second");
        Instant time = Instant.parse(tick.path("time").asString());
        assertThat(time.getNano()).as("the tick's scheduled time, on a whole second").isZero();
        assertThat(tick.path("id").asString()).isEqualTo(trigger.metadata().uid() + "@" + time);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            TriggerStatus status = cronTrigger("every-second");
            assertThat(ready(status).reason()).isEqualTo(TriggerConditions.REASON_ACTIVE);
            assertThat(status.functions()).containsExactly("cron-py");
            assertThat(status.lastFire().function()).isEqualTo("cron-py");
            assertThat(status.lastFire().status()).isEqualTo(200);
            assertThat(status.lastFire().eventId()).startsWith(trigger.metadata().uid() + "@");
            assertThat(status.counts().calls()).isPositive();
            assertThat(status.nextFireTimes()).hasSize(5).isSorted();
        });

        updateCronTrigger("every-second", spec -> new CronTriggerSpec(spec.function(), null, spec.schedule(), null,
                spec.payload(), null, null, null, false));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Condition ready = ready(cronTrigger("every-second"));
            assertThat(ready.status()).isEqualTo(Condition.FALSE);
            assertThat(ready.reason()).isEqualTo(TriggerConditions.REASON_DISABLED);
        });
        int whenDisabled = ticks("cron-py").size();
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(
                () -> ticks("cron-py").size() <= whenDisabled + 1); // + a call that was on its way
        assertThat(cronTrigger("every-second").nextFireTimes()).isNull();
    }

    /** The ticks the function printed, from its log (through the API), oldest first. */
    private List<JsonNode> ticks(String function) {
        Http.Response log = nubo.apiCall("GET", "/api/v1/namespaces/default/functions/" + function
                + "/logs?tailLines=500", null, null);
        assertThat(log.status()).isEqualTo(200);
        return log.body().lines().filter(line -> line.startsWith("tick {"))
                .map(line -> Http.JSON.readTree(line.substring("tick ".length()))).toList();
    }

    // Through the store of the running platform until the trigger API is merged; then POST/PUT/GET
    // /api/v1/namespaces/default/crontriggers.

    private CronTrigger createCronTrigger(String name, CronTriggerSpec spec) {
        return nubo.context.getBean(CronTriggerStore.class).create(CronTrigger.of(ObjectMeta.named("default", name),
                spec));
    }

    private void updateCronTrigger(String name, UnaryOperator<CronTriggerSpec> change) {
        CronTriggerStore store = nubo.context.getBean(CronTriggerStore.class);
        CronTrigger current = store.get("default", name).orElseThrow();
        store.update(current.withSpec(change.apply(current.spec())));
    }

    private TriggerStatus cronTrigger(String name) {
        TriggerStatus status = nubo.context.getBean(CronTriggerStore.class).get("default", name).orElseThrow().status();
        assertThat(status).as("status written").isNotNull();
        return status;
    }

    private static Condition ready(TriggerStatus status) {
        return Conditions.find(status.conditions(), TriggerConditions.READY).orElseThrow();
    }
}
