package dev.nubo.kubernetes.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

import dev.nubo.core.testing.FunctionSpecBuilder;
import dev.nubo.kubernetes.function.FunctionLabels;
import dev.nubo.kubernetes.function.TestSettings;

/** The warm pool's Deployment (pure) and its claim by relabeling, on the fabric8 mock API server (CRUD mode). */
@EnableKubernetesMockClient(crud = true)
class WarmPoolTest {

    static KubernetesClient client;

    static Deployment pool(String namespace) {
        var settings = TestSettings.settings();
        return WarmPool.deployment(namespace, "python", settings.runtimes().forRuntime("python3.11").orElseThrow(), 2,
                settings);
    }

    /** A pod of the pool's ReplicaSet as the kube-controller-manager and kubelet would make it (the mock has neither). */
    static Pod poolPod(Deployment pool, String name, boolean ready) {
        Map<String, String> labels = new LinkedHashMap<>(pool.getSpec().getTemplate().getMetadata().getLabels());
        labels.put("pod-template-hash", "abc123");
        return client.resource(new PodBuilder().withNewMetadata().withName(name)
                .withNamespace(pool.getMetadata().getNamespace()).withLabels(labels)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                        .withName(pool.getMetadata().getName() + "-abc123").withUid("uid-pool-rs").withController(true)
                        .build()).endMetadata()
                .withSpec(pool.getSpec().getTemplate().getSpec())
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build()).create();
    }

    @Test
    void poolPodsAreUnspecializedConfinedFunctionPods() {
        Deployment pool = pool("team-a");
        var pod = pool.getSpec().getTemplate();
        assertThat(pool.getMetadata().getName()).isEqualTo("nubo-pool-python");
        assertThat(pool.getSpec().getReplicas()).isEqualTo(2);
        assertThat(pool.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of(WarmPool.POOL, "python"));
        assertThat(pod.getMetadata().getLabels()).containsEntry(FunctionLabels.ROLE, "function")
                .doesNotContainKey(FunctionLabels.FUNCTION);
        var container = pod.getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("registry.test/nubo/runtime-python:1.0");
        assertThat(container.getEnv()).extracting(e -> e.getName())
                .contains("FUNC_PORT").doesNotContain("FUNC_HANDLER", "MOD_NAME");
        // only the operator, which reads the namespace's token Secret, may specialize a pool pod
        assertThat(container.getEnv()).filteredOn(e -> e.getName().equals("NUBO_SPECIALIZE_TOKEN")).singleElement()
                .satisfies(e -> {
                    assertThat(e.getValue()).isNull();
                    assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(WarmPool.TOKEN_SECRET);
                    assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(WarmPool.TOKEN_KEY);
                });
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void theTokenSecretGivesBackItsToken() {
        assertThat(WarmPool.token(client, "tokens")).isEmpty();
        client.resource(WarmPool.tokenSecret("tokens", "s3cret")).create();
        assertThat(WarmPool.token(client, "tokens")).contains("s3cret");
    }

    @Test
    void claimTakesAReadyPoolPodOutOfThePoolAndServeJoinsItToTheFunction() {
        Deployment pool = client.resource(pool("fns")).create();
        poolPod(pool, "pool-starting", false);
        poolPod(pool, "pool-1", true);
        poolPod(pool, "pool-2", true);

        Pod first = WarmPool.claim(client, "fns", "python", "hello", java.time.Instant.now()).orElseThrow();
        Pod second = WarmPool.claim(client, "fns", "python", "world", java.time.Instant.now()).orElseThrow();

        assertThat(first.getMetadata().getName()).isNotEqualTo(second.getMetadata().getName());
        Pod claimed = client.pods().inNamespace("fns").withName(first.getMetadata().getName()).get();
        assertThat(claimed.getMetadata().getLabels())
                .containsEntry(WarmPool.CLAIMED_FOR, "hello")
                .containsEntry(WarmPool.CLAIMED_FROM, "python")
                .doesNotContainKey(WarmPool.POOL);
        // out of the pool's selector: its ReplicaSet starts a replacement
        assertThat(client.pods().inNamespace("fns").withLabels(pool.getSpec().getSelector().getMatchLabels()).list()
                .getItems()).extracting(p -> p.getMetadata().getName()).containsExactly("pool-starting");
        // not yet in the function Service's selector: unspecialized, it would answer the function's calls 503
        assertThat(client.pods().inNamespace("fns").withLabels(FunctionLabels.selector("hello")).list().getItems())
                .isEmpty();
        WarmPool.serve(client, first, TestSettings.function("hello", FunctionSpecBuilder.python("x").build()));
        assertThat(client.pods().inNamespace("fns").withLabels(FunctionLabels.selector("hello")).list().getItems())
                .extracting(p -> p.getMetadata().getName()).containsExactly(first.getMetadata().getName());
        // the function owns it (the pool's ReplicaSet let it go): deleting the function deletes it
        assertThat(client.pods().inNamespace("fns").withName(first.getMetadata().getName()).get().getMetadata()
                .getOwnerReferences()).singleElement().satisfies(owner -> {
                    assertThat(owner.getKind()).isEqualTo("Function");
                    assertThat(owner.getName()).isEqualTo("hello");
                    assertThat(owner.getUid()).isEqualTo("uid-hello");
                    assertThat(owner.getController()).isTrue();
                });
        assertThat(WarmPool.claimed(client.pods().inNamespace("fns").withName(first.getMetadata().getName()).get()))
                .isTrue();
        assertThat(WarmPool.claim(client, "fns", "python", "third", java.time.Instant.now()))
                .as("only a starting pod left").isEmpty();
    }

    @Test
    void aClaimThatLosesThePodToAnotherClaimerTakesTheNextOne() {
        Deployment pool = client.resource(pool("lost")).create();
        Pod contested = poolPod(pool, "contested", true);
        Pod spare = poolPod(pool, "spare", true);
        Pod stale = new PodBuilder(contested).build();
        Pod alsoStale = new PodBuilder(contested).build();
        // another claimer relabels the pod after this one listed the pool
        assertThat(WarmPool.claim(client, java.util.List.of(new PodBuilder(contested).build()), "other",
                java.time.Instant.now())).isPresent();

        Pod won = WarmPool.claim(client, java.util.List.of(stale, spare), "mine", java.time.Instant.now()).orElseThrow();

        assertThat(won.getMetadata().getName()).isEqualTo("spare");
        assertThat(client.pods().inNamespace("lost").withName("contested").get().getMetadata().getLabels())
                .containsEntry(WarmPool.CLAIMED_FOR, "other");
        assertThat(WarmPool.claim(client, java.util.List.of(alsoStale), "late", java.time.Instant.now()))
                .as("every candidate lost: none").isEmpty();
    }

    @Test
    void twoClaimsOfTheSamePodOneWins() {
        Deployment pool = client.resource(pool("race")).create();
        Pod pod = poolPod(pool, "only", true);
        Pod stale = new PodBuilder(pod).build();

        assertThat(WarmPool.claim(client, "race", "python", "a", java.time.Instant.now())).isPresent();
        // a second claimer that read the pod before the first relabel: its update conflicts
        stale.getMetadata().setLabels(WarmPool.claimedLabels(stale, "b"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.resource(stale).update())
                .hasMessageContaining("409");
        assertThat(client.pods().inNamespace("race").withName("only").get().getMetadata().getLabels())
                .containsEntry(WarmPool.CLAIMED_FOR, "a");
    }

    @Test
    void theSweepDeletesClaimsOlderThanTheBoundThatServeNothingAndDatesUndatedOnes() {
        Deployment pool = client.resource(pool("sweep")).create();
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        Duration bound = Duration.ofSeconds(20);
        Instant claimedEarlier = now.minusSeconds(21);
        for (String name : java.util.List.of("abandoned", "recent", "serving", "undated")) {
            poolPod(pool, name, true);
        }
        WarmPool.claim(client, "sweep", "python", "gone", claimedEarlier).orElseThrow(); // each claim takes one pod
        WarmPool.claim(client, "sweep", "python", "later", now.minusSeconds(5)).orElseThrow();
        Pod serving = WarmPool.claim(client, "sweep", "python", "busy", claimedEarlier).orElseThrow();
        WarmPool.serve(client, serving, TestSettings.function("busy", FunctionSpecBuilder.python("x").build()));
        // claimed by an operator from before claims were dated
        Pod undated = WarmPool.claim(client, "sweep", "python", "old", claimedEarlier).orElseThrow();
        client.pods().inNamespace("sweep").withName(undated.getMetadata().getName()).edit(p -> new PodBuilder(p)
                .editMetadata().removeFromAnnotations(WarmPool.CLAIMED_AT).endMetadata().build());

        var next = WarmPool.sweepAbandoned(client, "sweep", now, bound);

        var left = client.pods().inNamespace("sweep").list().getItems().stream()
                .collect(java.util.stream.Collectors.toMap(p -> p.getMetadata().getLabels().get(WarmPool.CLAIMED_FOR),
                        p -> p));
        assertThat(left).doesNotContainKey("gone").containsKeys("later", "busy", "old");
        assertThat(WarmPool.claimedAt(left.get("old"))).as("dated when first seen").contains(now);
        // the next look: when the most recent claim would be abandoned
        assertThat(next).contains(now.minusSeconds(5).plus(bound));
        assertThat(WarmPool.abandoned(left.get("later"), now.plus(bound), bound)).isTrue();
        assertThat(WarmPool.abandoned(left.get("busy"), now.plus(bound), bound)).as("it serves its function").isFalse();
    }
}
