package dev.nubo.kubernetes.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

import dev.nubo.core.logs.FunctionLogs;
import dev.nubo.kubernetes.function.FunctionLabels;
import dev.nubo.kubernetes.store.NamespaceMapping;

/**
 * A function's log on Kubernetes is what its pods' function containers printed. The mock API server runs in CRUD mode
 * (pods are created, listed and watched as on a cluster) but has no kubelet behind its pod log endpoint: those
 * answers alone are expectations (the mixed dispatcher answers an expected path first), with the kubelet's time
 * stamps, and a followed log ends where the expected answer ends.
 */
@EnableKubernetesMockClient(crud = true)
class PodFunctionLogsTest {

    static final String NS = "fns";

    KubernetesClient client;
    KubernetesMockServer server;

    private static String at(int second, String text) {
        return String.format("2026-12-04T10:00:%02d.000000001Z %s%n", second, text);
    }

    private void runningPod(String name, String function) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels(FunctionLabels.FUNCTION, function).endMetadata()
                .withNewSpec().addNewContainer().withName("function").withImage("runtime").endContainer().endSpec()
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewContainerStatus().withName("function").withReady(true).withNewState().withNewRunning()
                .withStartedAt("2026-12-04T10:00:00Z").endRunning().endState().endContainerStatus()
                .endStatus().build();
        client.resource(pod).create();
    }

    /** A pod whose function container keeps crashing: waiting to restart, its last run ended. */
    private void crashLoopingPod(String name, String function) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels(FunctionLabels.FUNCTION, function).endMetadata()
                .withNewSpec().addNewContainer().withName("function").withImage("runtime").endContainer().endSpec()
                .withNewStatus().withPhase("Running")
                .addNewContainerStatus().withName("function").withReady(false).withRestartCount(3)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(1).endTerminated().endLastState()
                .endContainerStatus().endStatus().build();
        client.resource(pod).create();
    }

    /** A pod still starting: its function container has not run (no log yet). */
    private void startingPod(String name, String function) {
        client.resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels(FunctionLabels.FUNCTION, function).endMetadata()
                .withNewSpec().addNewContainer().withName("function").withImage("runtime").endContainer().endSpec()
                .withNewStatus().withPhase("Pending").endStatus().build()).create();
    }

    /** The pod log endpoint's answer to the query (what the kubelet would send). */
    private void log(String pod, String query, String body) {
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/" + pod + "/log?" + query)
                .andReturn(200, body).always();
    }

    @Test
    void theTailMergesThePodsLinesInTimeOrder() {
        runningPod("hello-a", "hello");
        runningPod("hello-b", "hello");
        crashLoopingPod("hello-c", "hello");
        startingPod("hello-d", "hello");
        runningPod("other-a", "other");
        log("hello-a", "pretty=false&container=function&tailLines=3&timestamps=true", at(1, "a1") + at(3, "a3"));
        log("hello-b", "pretty=false&container=function&tailLines=3&timestamps=true", at(2, "b2") + at(4, "b4"));
        log("hello-c", "pretty=false&container=function&tailLines=3&timestamps=true", at(5, "Traceback: boom"));
        log("other-a", "pretty=false&container=function&tailLines=3&timestamps=true", at(6, "not hello's"));

        FunctionLogs logs = new PodFunctionLogs(client, NamespaceMapping.IDENTITY);

        assertThat(logs.tail(NS, "hello", 3)).as("the crash-looping pod's last run included")
                .containsExactly("a3", "b4", "Traceback: boom");
        assertThat(logs.tail(NS, "nobody", 3)).isEmpty();
    }

    @Test
    void aFollowContinuesEachPodAfterItsBacklogAndPicksUpNewPods() {
        runningPod("hello-a", "hello");
        runningPod("hello-b", "hello");
        log("hello-a", "pretty=false&container=function&tailLines=2&timestamps=true", at(1, "a1") + at(3, "a3"));
        log("hello-b", "pretty=false&container=function&tailLines=2&timestamps=true", at(2, "b2") + at(4, "b4"));
        // the kubelet's sinceTime is whole seconds: a3 and b4 come again and must not be handed on twice
        log("hello-a", "pretty=false&container=function&sinceTime=2026-12-04T10:00:03Z&timestamps=true&follow=true",
                at(3, "a3") + at(5, "a5"));
        log("hello-b", "pretty=false&container=function&sinceTime=2026-12-04T10:00:04Z&timestamps=true&follow=true",
                at(4, "b4") + at(6, "b6"));
        log("hello-c", "pretty=false&container=function&timestamps=true&follow=true", at(7, "c1") + at(8, "c2"));

        List<String> backlog = new CopyOnWriteArrayList<>();
        List<String> followed = new CopyOnWriteArrayList<>();
        FunctionLogs logs = new PodFunctionLogs(client, NamespaceMapping.IDENTITY);
        try (FunctionLogs.Subscription subscription = logs.follow(NS, "hello", 2, backlog::addAll, followed::add)) {
            assertThat(backlog).containsExactly("a3", "b4");
            // the mock ends a followed log by closing the connection, which fabric8's callback reports on its own
            // thread; the follow only sees the stream end, as when a container stops
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10)).until(() -> followed.size() >= 2);
            assertThat(followed).containsExactlyInAnyOrder("a5", "b6");
            assertThat(logs.tail(NS, "hello", 2)).as("a tail beside an open follow").containsExactly("a3", "b4");

            // a wake or a scale-up: a new pod's log is followed from its first line
            runningPod("hello-c", "hello");
            await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10)).until(() -> followed.size() >= 4);
            assertThat(followed.subList(2, 4)).containsExactly("c1", "c2");
        }
    }
}
