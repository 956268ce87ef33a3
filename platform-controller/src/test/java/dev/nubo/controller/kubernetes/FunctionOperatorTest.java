package dev.nubo.controller.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

import dev.nubo.core.function.FunctionConditions;
import dev.nubo.core.function.FunctionPhase;
import dev.nubo.core.function.FunctionSource;
import dev.nubo.core.function.FunctionSpec;
import dev.nubo.core.function.FunctionStatus;
import dev.nubo.core.function.Scaling;
import dev.nubo.core.model.Condition;
import dev.nubo.core.model.Conditions;
import dev.nubo.core.testing.FunctionSpecBuilder;
import dev.nubo.core.trigger.CronTriggerSpec;
import dev.nubo.core.trigger.HttpTriggerSpec;
import dev.nubo.core.trigger.TriggerConditions;
import dev.nubo.kubernetes.crd.CronTriggerResource;
import dev.nubo.kubernetes.crd.FunctionResource;
import dev.nubo.kubernetes.crd.HttpTriggerResource;
import dev.nubo.kubernetes.function.FunctionLabels;
import dev.nubo.kubernetes.function.FunctionStatusFromCluster;

/**
 * The operator against the fabric8 mock API server (CRUD mode). The mock has no kube-controller-manager or
 * kubelet: where a test needs pods or a Deployment's status, it writes them as those would.
 */
@EnableKubernetesMockClient(crud = true)
class FunctionOperatorTest {

    static KubernetesClient client;
    static KubernetesMockServer server;
    static OperatorHarness operator;

    private static final String NS = OperatorHarness.NAMESPACE;

    @BeforeAll
    static void start() throws Exception {
        operator = new OperatorHarness(client, "nubo.kubernetes.runtime-images.go=registry.test/nubo-runtime-go:1.0");
    }

    @AfterAll
    static void stop() {
        operator.close();
    }

    static FunctionSpec python(String code, Scaling scaling) {
        return FunctionSpecBuilder.python(code).deps("requests==2.32.3").env(Map.of("GREETING", "hi"))
                .timeoutSeconds(30).scaling(scaling).build();
    }

    static FunctionResource create(String name, FunctionSpec spec) {
        return client.resource(new FunctionResource(NS, name, spec)).create();
    }

    static FunctionResource function(String name) {
        return client.resources(FunctionResource.class).inNamespace(NS).withName(name).get();
    }

    static <T extends HasMetadata> T get(Class<T> type, String name) {
        return client.resources(type).inNamespace(NS).withName(name).get();
    }

    static Condition condition(String function, String type) {
        FunctionStatus status = function(function).getStatus();
        return status == null ? null : Conditions.find(status.conditions(), type).orElse(null);
    }

    /** What the kube-controller-manager would write once the pods of the Deployment are ready. */
    static void deploymentBecomesReady(String name, int ready) {
        client.apps().deployments().inNamespace(NS).withName(name).editStatus(d -> {
            d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                    .withReplicas(ready).withReadyReplicas(ready).withUpdatedReplicas(ready)
                    .withObservedGeneration(d.getMetadata().getGeneration()).build());
            return d;
        });
    }

    @Test
    void aFunctionBecomesConfigMapDeploymentServiceOwnedByItAndReadyFromTheDeployment() {
        FunctionResource fn = create("hello", python("def handler(e, c):\n    return 'v1'\n", null));
        await().atMost(Duration.ofSeconds(20)).until(() -> get(Deployment.class, "hello") != null
                && get(Service.class, "hello") != null && get(ConfigMap.class, "hello") != null);

        for (HasMetadata object : List.of(get(ConfigMap.class, "hello"), get(Deployment.class, "hello"),
                get(Service.class, "hello"))) {
            // what makes Kubernetes' garbage collector delete them with the Function
            assertThat(object.getMetadata().getOwnerReferences()).as(object.getKind()).singleElement().satisfies(o -> {
                assertThat(o.getApiVersion()).isEqualTo("nubo.dev/v1");
                assertThat(o.getKind()).isEqualTo("Function");
                assertThat(o.getName()).isEqualTo("hello");
                assertThat(o.getUid()).isEqualTo(fn.getMetadata().getUid());
                assertThat(o.getController()).isTrue();
                assertThat(o.getBlockOwnerDeletion()).isTrue();
            });
        }
        assertThat(get(HorizontalPodAutoscaler.class, "hello")).as("min = max = 1").isNull();
        Deployment deployment = get(Deployment.class, "hello");
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.test/nubo-runtime-python:1.0");
        await().atMost(Duration.ofSeconds(20)).until(() -> function("hello").getStatus() != null);
        assertThat(function("hello").getStatus().phase()).isIn(FunctionPhase.Building, FunctionPhase.Deploying);

        deploymentBecomesReady("hello", 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> function("hello").getStatus().phase() == FunctionPhase.Ready);
        FunctionStatus status = function("hello").getStatus();
        assertThat(status.replicas()).isEqualTo(new FunctionStatus.Replicas(1, 1));
        assertThat(condition("hello", FunctionConditions.READY).message()).isEqualTo("1 of 1 replicas ready");
        assertThat(status.endpoint()).isEqualTo("http://hello.fns.svc:80");
    }

    @Test
    void aCodeChangeRollsTheDeploymentAndScalingAddsAnAutoscaler() {
        create("roll", python("def handler(e, c):\n    return 'v1'\n", null));
        await().atMost(Duration.ofSeconds(20)).until(() -> get(Deployment.class, "roll") != null);
        String before = get(Deployment.class, "roll").getSpec().getTemplate().getMetadata().getAnnotations()
                .get(FunctionLabels.CODE_DIGEST);

        editSpec("roll", python("def handler(e, c):\n    return 'v2'\n", new Scaling(1, 4, 10, 300)));
        await().atMost(Duration.ofSeconds(20)).until(() -> get(ConfigMap.class, "roll").getData().get("hello.py")
                .contains("v2"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !before.equals(get(Deployment.class, "roll").getSpec()
                .getTemplate().getMetadata().getAnnotations().get(FunctionLabels.CODE_DIGEST)));
        var strategy = get(Deployment.class, "roll").getSpec().getStrategy();
        assertThat(strategy.getType()).isEqualTo("RollingUpdate");
        assertThat(strategy.getRollingUpdate().getMaxUnavailable().getIntVal()).as("old pods answer until new ones do")
                .isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> get(HorizontalPodAutoscaler.class, "roll") != null);
        assertThat(get(HorizontalPodAutoscaler.class, "roll").getSpec().getMaxReplicas()).isEqualTo(4);
    }

    @Test
    void anImageThatCannotBePulledShowsInTheFunctionsStatus() {
        create("badimage", python("def handler(e, c):\n    return 1\n", null));
        await().atMost(Duration.ofSeconds(20)).until(() -> get(Deployment.class, "badimage") != null);
        // the kubelet's report for the Deployment's pod
        client.resource(new PodBuilder().withNewMetadata().withName("badimage-5f7c9-x2x").withNamespace(NS)
                .withLabels(Map.of(FunctionLabels.FUNCTION, "badimage")).endMetadata()
                .withNewStatus().withPhase("Pending").withContainerStatuses(new ContainerStatusBuilder()
                        .withName("function").withImage("registry.test/nubo-runtime-python:1.0").withReady(false)
                        .withNewState().withNewWaiting().withReason("ImagePullBackOff")
                        .withMessage("Back-off pulling image \"registry.test/nubo-runtime-python:1.0\"")
                        .endWaiting().endState().build())
                .endStatus().build()).create();

        await().atMost(Duration.ofSeconds(20)).until(() -> function("badimage").getStatus() != null
                && function("badimage").getStatus().phase() == FunctionPhase.Failed);
        Condition ready = condition("badimage", FunctionConditions.READY);
        assertThat(ready.status()).isEqualTo(Condition.FALSE);
        assertThat(ready.reason()).isEqualTo(FunctionStatusFromCluster.REASON_IMAGE_PULL_FAILED);
        assertThat(ready.message()).contains("registry.test/nubo-runtime-python:1.0", "ImagePullBackOff");
    }

    @Test
    void aStalledRolloutShowsTheDeploymentsCondition() {
        create("stalled", python("def handler(e, c):\n    return 1\n", null));
        await().atMost(Duration.ofSeconds(20)).until(() -> get(Deployment.class, "stalled") != null);
        client.apps().deployments().inNamespace(NS).withName("stalled").editStatus(d -> {
            d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(1)
                    .withReadyReplicas(0).withConditions(new DeploymentConditionBuilder().withType("Progressing")
                            .withStatus("False").withReason("ProgressDeadlineExceeded")
                            .withMessage("ReplicaSet \"stalled-6c5\" has timed out progressing.").build())
                    .build());
            return d;
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Condition ready = condition("stalled", FunctionConditions.READY);
            return ready != null && FunctionStatusFromCluster.REASON_PROGRESS_DEADLINE.equals(ready.reason());
        });
        assertThat(condition("stalled", FunctionConditions.READY).message()).contains("has timed out progressing");
        assertThat(function("stalled").getStatus().phase()).isEqualTo(FunctionPhase.Degraded);
    }

    @Test
    void anUnknownRuntimeFailsWithTheReasonAndCreatesNothing() {
        create("rubyfn",
                FunctionSpecBuilder.spec("ruby3.3", "hello.handler", FunctionSource.inline("def handler(e, c) end"))
                        .build());
        await().atMost(Duration.ofSeconds(20)).until(() -> function("rubyfn").getStatus() != null);
        Condition ready = condition("rubyfn", FunctionConditions.READY);
        assertThat(ready.reason()).isEqualTo(FunctionConditions.REASON_RUNTIME_UNAVAILABLE);
        assertThat(ready.message()).contains("ruby3.3", "python", "go");
        assertThat(get(Deployment.class, "rubyfn")).isNull();
    }

    @Test
    void aGoFunctionIsCompiledInItsPodBeforeItRuns() {
        create("gofn", FunctionSpecBuilder.spec("go1.22", "hello.Foo", FunctionSource.inline("package kubeless"))
                .build());
        await().atMost(Duration.ofSeconds(20)).until(() -> get(Deployment.class, "gofn") != null);
        var pod = get(Deployment.class, "gofn").getSpec().getTemplate().getSpec();
        assertThat(pod.getInitContainers()).extracting(c -> c.getName()).containsExactly("prepare-code", "compile");
        assertThat(pod.getInitContainers().get(1).getImage()).isEqualTo("registry.test/nubo-runtime-go:1.0");
        assertThat(pod.getInitContainers().get(1).getCommand()).endsWith("-o", "/build/server");
        assertThat(pod.getContainers().get(0).getCommand()).containsExactly("/build/server");

        deploymentBecomesReady("gofn", 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> function("gofn").getStatus() != null
                && function("gofn").getStatus().phase() == FunctionPhase.Ready);
    }

    @Test
    void aSecondReconcileOfAnUnchangedFunctionWritesNothing() throws Exception {
        create("steady", python("def handler(e, c):\n    return 1\n", null));
        await().atMost(Duration.ofSeconds(20)).until(() -> get(Deployment.class, "steady") != null);
        deploymentBecomesReady("steady", 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> function("steady").getStatus() != null
                && function("steady").getStatus().phase() == FunctionPhase.Ready);
        // let the reconciles the writes above caused finish, then forget every request so far
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            int before = operator.reconcilesOf("steady");
            drainRequests();
            return before == operator.reconcilesOf("steady") && drainRequests().isEmpty();
        });
        int reconciles = operator.reconcilesOf("steady");

        // an event that changes nothing the Function wants: the kubelet re-reports the pod
        client.resource(new PodBuilder().withNewMetadata().withName("steady-1").withNamespace(NS)
                .withLabels(Map.of(FunctionLabels.FUNCTION, "steady")).endMetadata().build()).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> operator.reconcilesOf("steady") > reconciles);

        List<String> writes = drainRequests().stream()
                .filter(r -> !r.getMethod().equals("GET"))
                .map(r -> r.getMethod() + " " + r.getPath())
                .filter(w -> !w.equals("POST /api/v1/namespaces/fns/pods")) // the test's own pod
                .toList();
        assertThat(writes).as("requests other than reads after the reconcile of an unchanged Function").isEmpty();
    }

    @Test
    void anHttpTriggerBecomesAnIngressOfTheConfiguredClassAndRefusesToBypassAuth() {
        HttpTriggerResource route = new HttpTriggerResource();
        route.getMetadata().setName("hello-route");
        route.getMetadata().setNamespace(NS);
        route.setSpec(new HttpTriggerSpec("hello", null, "api.example.com", "/hello", null, List.of(), null, null,
                null, null));
        HttpTriggerResource created = client.resource(route).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> get(Ingress.class, "hello-route") != null);
        Ingress ingress = get(Ingress.class, "hello-route");
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo(created.getMetadata().getUid());
        // stripPrefix (the default): the function sees the path below /hello, as through the gateway
        assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getPath()).isEqualTo("/hello(/|$)(.*)");
        assertThat(ingress.getMetadata().getAnnotations()).containsEntry("nginx.ingress.kubernetes.io/rewrite-target", "/$2");
        await().atMost(Duration.ofSeconds(20)).until(() -> status("hello-route") != null);
        assertThat(status("hello-route").reason()).isEqualTo(HttpTriggerReconciler.REASON_INGRESS_PENDING);
        // Ready is the gateway's: the operator only says the trigger waits for it
        assertThat(ready("hello-route").reason()).isEqualTo(TriggerConditions.REASON_PENDING);
        // the gateway routes it and says so: the operator's next reconcile (the Ingress changes) leaves that be
        client.resources(HttpTriggerResource.class).inNamespace(NS).withName("hello-route").editStatus(t -> {
            t.setStatus(new dev.nubo.core.trigger.TriggerStatus(Conditions.set(t.getStatus().conditions(),
                    Condition.of(TriggerConditions.READY, Condition.TRUE, TriggerConditions.REASON_ACTIVE,
                            "routes api.example.com/hello"), java.time.Clock.systemUTC()),
                    t.getStatus().observedGeneration(), t.getStatus().functions(), null, null, null, null, null));
            return t;
        });

        editRoute(spec -> new HttpTriggerSpec(spec.function(), null, spec.host(), spec.path(), null, List.of(), null,
                null, null, false));
        await().atMost(Duration.ofSeconds(20)).until(() -> get(Ingress.class, "hello-route") == null);
        await().atMost(Duration.ofSeconds(20)).until(() -> TriggerConditions.REASON_DISABLED.equals(status("hello-route").reason()));
        editRoute(spec -> new HttpTriggerSpec(spec.function(), null, spec.host(), spec.path(), null, List.of(), null,
                null, null, true));
        await().atMost(Duration.ofSeconds(20)).until(() -> get(Ingress.class, "hello-route") != null);

        editRoute(spec -> spec.withAuth(new HttpTriggerSpec.HttpAuth("basic", List.of(), List.of())));
        await().atMost(Duration.ofSeconds(20)).until(() -> get(Ingress.class, "hello-route") == null);
        await().atMost(Duration.ofSeconds(20)).until(() -> status("hello-route") != null
                && HttpTriggerReconciler.REASON_NEEDS_GATEWAY.equals(status("hello-route").reason()));
        assertThat(status("hello-route").message()).contains("auth");
        assertThat(ready("hello-route").reason()).as("the gateway's Ready stands").isEqualTo(TriggerConditions.REASON_ACTIVE);
    }

    /** As a client does: read again and reapply on 409 (the operator writes the Function's status meanwhile). */
    static void editSpec(String name, FunctionSpec spec) {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            client.resources(FunctionResource.class).inNamespace(NS).withName(name).edit(f -> {
                f.setSpec(spec);
                return f;
            });
            return true;
        });
    }

    @Test
    void aCronTriggerAppliedWithAnInvalidScheduleSaysSoAndAValidOneWaitsForItsDispatcher() {
        CronTriggerResource cron = new CronTriggerResource();
        cron.getMetadata().setName("nightly");
        cron.getMetadata().setNamespace(NS);
        cron.setSpec(new CronTriggerSpec("hello", null, "every tuesday", null, null, null, null, null, null));
        client.resource(cron).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> cronReady("nightly") != null);
        assertThat(cronReady("nightly").status()).isEqualTo(Condition.FALSE);
        assertThat(cronReady("nightly").reason()).isEqualTo(TriggerConditions.REASON_SPEC_INVALID);
        assertThat(cronReady("nightly").message()).contains("schedule");

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            client.resources(CronTriggerResource.class).inNamespace(NS).withName("nightly").edit(t -> {
                t.setSpec(new CronTriggerSpec("hello", null, "0 3 * * *", null, null, null, null, null, null));
                return t;
            });
            return true;
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> TriggerConditions.REASON_PENDING.equals(cronReady("nightly").reason()));
    }

    private static Condition cronReady(String name) {
        var t = client.resources(CronTriggerResource.class).inNamespace(NS).withName(name).get();
        return t.getStatus() == null ? null : Conditions.find(t.getStatus().conditions(), TriggerConditions.READY)
                .orElse(null);
    }

    /** As a client does: read again and reapply on 409 (the operator writes the trigger's status meanwhile). */
    private static void editRoute(java.util.function.UnaryOperator<HttpTriggerSpec> change) {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            client.resources(HttpTriggerResource.class).inNamespace(NS).withName("hello-route").edit(t -> {
                t.setSpec(change.apply(t.getSpec()));
                return t;
            });
            return true;
        });
    }

    /** The trigger's Ingress condition (the operator's). */
    private static Condition status(String trigger) {
        return httpCondition(trigger, HttpTriggerReconciler.INGRESS);
    }

    /** The trigger's Ready condition (the gateway's). */
    private static Condition ready(String trigger) {
        return httpCondition(trigger, TriggerConditions.READY);
    }

    private static Condition httpCondition(String trigger, String type) {
        var t = client.resources(HttpTriggerResource.class).inNamespace(NS).withName(trigger).get();
        return t.getStatus() == null ? null : Conditions.find(t.getStatus().conditions(), type).orElse(null);
    }

    private static List<RecordedRequest> drainRequests() throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
            requests.add(request);
        }
        return requests;
    }
}
