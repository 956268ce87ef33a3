package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** minReplicas 0: idle functions stop their last replica, and the next call wakes them without failing. */
class ScaleToZeroE2ETest {

    private final Platform platform = Platform.shared();

    private static String function(String name, String code, int idleSeconds) {
        return Http.json(Map.of("metadata", Map.of("name", name), "spec", Map.of(
                "runtime", "python3.11", "handler", "main.handler", "source", Map.of("inline", code),
                "scaling", Map.of("minReplicas", 0, "maxReplicas", 2, "idleSeconds", idleSeconds))));
    }

    private Http.Response invoke(String name, String body) {
        return platform.apiCall("POST", "/api/v1/namespaces/default/functions/" + name + "/invoke", "text/plain", body);
    }

    @Test
    void anIdleFunctionScalesToZeroAndTheNextCallWakesIt() {
        assertThat(platform.create("default", function("sleepy", """
                def handler(event, context):
                    return "awake " + event["data"]
                """, 5)).status()).isEqualTo(201);
        JsonNode deployed = platform.awaitReady("default", "sleepy");
        assertThat(deployed.path("status").path("replicas").path("ready").asInt())
                .as("a deploy starts one replica, proving the code runs").isEqualTo(1);

        JsonNode idle = platform.awaitPhase("default", "sleepy", "ScaledToZero", Duration.ofSeconds(60));
        assertThat(idle.path("status").path("replicas").path("ready").asInt()).isZero();
        assertThat(idle.path("status").path("lastScaling").path("to").asInt()).isZero();
        assertThat(idle.path("status").path("lastScaling").path("reason").asString()).isEqualTo("no call for 5 s");

        Http.Response woken = invoke("sleepy", "again");

        assertThat(woken.status()).isEqualTo(200);
        assertThat(woken.body()).isEqualTo("awake again");
        assertThat(woken.header("Nubo-Cold-Start")).isEqualTo("true");
        // the next call right after finds the replica the first one woke
        assertThat(invoke("sleepy", "warm").header("Nubo-Cold-Start")).isEqualTo("false");
        assertThat(platform.get("default", "sleepy").json().path("status").path("lastScaling").path("reason")
                .asString()).isEqualTo("a call woke it");

        platform.awaitPhase("default", "sleepy", "ScaledToZero", Duration.ofSeconds(60));
    }

    @Test
    void aReplicaThatDiesWhileWakingIsReplacedAndTheCallIsStillAnswered() throws Exception {
        // while a file named "crash" lies beside its code, a replica exits at import
        assertThat(platform.create("default", function("shaky", """
                import os
                if os.path.exists(os.path.join(os.environ["KUBELESS_INSTALL_VOLUME"], "crash")):
                    os._exit(3)
                def handler(event, context):
                    return "survived"
                """, 1)).status()).isEqualTo(201);
        // deployed, started once (a deploy proves the code runs), then idle: Ready lasts a second, zero stays
        platform.awaitPhase("default", "shaky", "ScaledToZero", Duration.ofSeconds(60));
        java.nio.file.Path crash = codeDir("shaky").resolve("crash");
        java.nio.file.Files.writeString(crash, "");

        var answer = java.util.concurrent.CompletableFuture.supplyAsync(() -> invoke("shaky", ""));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> platform.apiCall("GET",
                "/api/v1/namespaces/default/functions/shaky/logs?tailLines=200", null, null).body()
                .contains("replica exited with code 3"));
        assertThat(answer).as("the call still waits for the restart").isNotDone();
        java.nio.file.Files.delete(crash);

        assertThat(answer.get(60, java.util.concurrent.TimeUnit.SECONDS).body()).isEqualTo("survived");
    }

    /** The code directory of the function's current build, as the platform unpacked it. */
    private java.nio.file.Path codeDir(String name) throws java.io.IOException {
        try (var builds = java.nio.file.Files.list(platform.dataDir.resolve("functions/default").resolve(name))) {
            return builds.findFirst().orElseThrow().resolve("code");
        }
    }

    @Test
    void aCronTickWakesAFunctionScaledToZero() {
        assertThat(platform.create("default", function("nightly", """
                def handler(event, context):
                    print("tick for " + str(event["data"]), flush=True)
                    return "done"
                """, 1)).status()).isEqualTo(201);
        platform.awaitPhase("default", "nightly", "ScaledToZero", Duration.ofSeconds(60));

        platform.context.getBean(dev.nubo.core.store.CronTriggerStore.class).create(dev.nubo.core.trigger.CronTrigger.of(
                dev.nubo.core.model.ObjectMeta.named("default", "wake-nightly"), new dev.nubo.core.trigger.CronTriggerSpec(
                        "nightly", null, "@every 2s", null, "report", "text/plain", null, null, null)));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> platform.apiCall("GET",
                "/api/v1/namespaces/default/functions/nightly/logs?tailLines=100", null, null).body()
                .contains("tick for report"));
        platform.context.getBean(dev.nubo.core.store.CronTriggerStore.class).delete("default", "wake-nightly");
    }

}
