package dev.nubo.kubernetes.function;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;

import dev.nubo.core.function.FunctionConditions;
import dev.nubo.core.function.FunctionPhase;
import dev.nubo.core.function.FunctionStatus;
import dev.nubo.core.model.Condition;
import dev.nubo.core.model.Conditions;
import dev.nubo.core.testing.FunctionSpecBuilder;
import dev.nubo.kubernetes.crd.FunctionResource;

class FunctionStatusFromClusterTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-04T06:00:00Z"), ZoneOffset.UTC);
    private final FunctionResource fn = TestSettings.function("hello", FunctionSpecBuilder.python("x").build());

    static Deployment deployment(int desired, int ready) {
        return new DeploymentBuilder().withNewSpec().withReplicas(desired).endSpec()
                .withNewStatus().withReadyReplicas(ready).withReplicas(desired).endStatus().build();
    }

    static Pod pod(List<ContainerStatus> init, List<ContainerStatus> main) {
        return new PodBuilder().withNewMetadata().withName("hello-abc").endMetadata()
                .withNewStatus().withInitContainerStatuses(init).withContainerStatuses(main).endStatus().build();
    }

    static ContainerStatus waiting(String name, String reason, String message) {
        return new ContainerStatusBuilder().withName(name).withImage("registry.test/nubo/runtime-python:nope")
                .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState().build();
    }

    static ContainerStatus running(String name) {
        return new ContainerStatusBuilder().withName(name).withNewState().withNewRunning().endRunning().endState().build();
    }

    private static Condition condition(FunctionStatus status, String type) {
        return Conditions.find(status.conditions(), type).orElseThrow();
    }

    @Test
    void readyReplicasMakeTheFunctionReady() {
        FunctionStatus status = FunctionStatusFromCluster.status(fn, deployment(2, 2),
                List.of(pod(List.of(), List.of(running("function")))), clock);
        assertThat(status.phase()).isEqualTo(FunctionPhase.Ready);
        assertThat(status.replicas()).isEqualTo(new FunctionStatus.Replicas(2, 2));
        assertThat(condition(status, FunctionConditions.READY).reason()).isEqualTo(FunctionConditions.REASON_REPLICAS_READY);
        assertThat(condition(status, FunctionConditions.READY).message()).isEqualTo("2 of 2 replicas ready");
        assertThat(condition(status, FunctionConditions.BUILD_SUCCEEDED).isTrue()).isTrue();
        assertThat(status.endpoint()).isEqualTo("http://hello.fns.svc:80");
        assertThat(status.observedGeneration()).isEqualTo(1L);
    }

    @Test
    void anImageThatCannotBePulledFailsTheFunctionWithTheImageInTheMessage() {
        FunctionStatus status = FunctionStatusFromCluster.status(fn, deployment(1, 0),
                List.of(pod(List.of(), List.of(waiting("function", "ImagePullBackOff",
                        "Back-off pulling image \"registry.test/nubo/runtime-python:nope\"")))), clock);
        assertThat(status.phase()).isEqualTo(FunctionPhase.Failed);
        Condition ready = condition(status, FunctionConditions.READY);
        assertThat(ready.status()).isEqualTo(Condition.FALSE);
        assertThat(ready.reason()).isEqualTo(FunctionStatusFromCluster.REASON_IMAGE_PULL_FAILED);
        assertThat(ready.message()).contains("registry.test/nubo/runtime-python:nope", "ImagePullBackOff");
    }

    @Test
    void aCrashLoopDegradesTheFunctionWithTheExitCode() {
        ContainerStatus crashing = new ContainerStatusBuilder(waiting("function", "CrashLoopBackOff", "back-off 40s"))
                .withNewLastState().withNewTerminated().withExitCode(3).withReason("Error").endTerminated().endLastState()
                .build();
        FunctionStatus status = FunctionStatusFromCluster.status(fn, deployment(1, 0),
                List.of(pod(List.of(), List.of(crashing))), clock);
        assertThat(status.phase()).isEqualTo(FunctionPhase.Degraded);
        assertThat(condition(status, FunctionConditions.READY).reason()).isEqualTo(FunctionConditions.REASON_CRASHED);
        assertThat(condition(status, FunctionConditions.READY).message()).contains("exit code 3");
    }

    @Test
    void aFailedDependencyInstallIsABuildFailure() {
        ContainerStatus install = new ContainerStatusBuilder().withName(FunctionWorkloads.INSTALL_DEPS)
                .withNewState().withNewTerminated().withExitCode(1).withReason("Error")
                .withMessage("No matching distribution found for reqests").endTerminated().endState().build();
        FunctionStatus status = FunctionStatusFromCluster.status(fn, deployment(1, 0),
                List.of(pod(List.of(install), List.of(waiting("function", "PodInitializing", null)))), clock);
        assertThat(status.phase()).isEqualTo(FunctionPhase.Failed);
        Condition build = condition(status, FunctionConditions.BUILD_SUCCEEDED);
        assertThat(build.status()).isEqualTo(Condition.FALSE);
        assertThat(build.reason()).isEqualTo(FunctionConditions.REASON_INSTALL_FAILED);
        assertThat(build.message()).contains("No matching distribution found for reqests");
    }

    @Test
    void aFailedCompileIsABuildFailureWithTheCompilersOutput() {
        ContainerStatus compile = new ContainerStatusBuilder().withName(FunctionWorkloads.COMPILE)
                .withNewState().withNewTerminated().withExitCode(1).withReason("Error")
                .withMessage("./hello.go:7:9: undefined: greting\n").endTerminated().endState().build();
        FunctionStatus status = FunctionStatusFromCluster.status(fn, deployment(1, 0),
                List.of(pod(List.of(running(FunctionWorkloads.PREPARE_CODE), compile),
                        List.of(waiting("function", "PodInitializing", null)))), clock);
        assertThat(status.phase()).isEqualTo(FunctionPhase.Failed);
        Condition build = condition(status, FunctionConditions.BUILD_SUCCEEDED);
        assertThat(build.status()).isEqualTo(Condition.FALSE);
        assertThat(build.reason()).isEqualTo(FunctionConditions.REASON_COMPILE_FAILED);
        assertThat(build.message()).startsWith("compiling the function failed (exit code 1, Error)")
                .contains("undefined: greting");
    }

    @Test
    void aStalledRolloutShowsTheDeploymentsReasonWhileOldReplicasStillAnswer() {
        Deployment stalled = new DeploymentBuilder(deployment(1, 1)).editStatus()
                .withConditions(new DeploymentConditionBuilder().withType("Progressing").withStatus("False")
                        .withReason("ProgressDeadlineExceeded")
                        .withMessage("ReplicaSet \"hello-7d9\" has timed out progressing.").build())
                .endStatus().build();
        FunctionStatus status = FunctionStatusFromCluster.status(fn, stalled, List.of(), clock);
        assertThat(status.phase()).isEqualTo(FunctionPhase.Ready);
        Condition ready = condition(status, FunctionConditions.READY);
        assertThat(ready.reason()).isEqualTo(FunctionStatusFromCluster.REASON_PROGRESS_DEADLINE);
        assertThat(ready.message()).contains("1 of 1 replicas ready", "has timed out progressing");
    }

    @Test
    void anUnchangedClusterGivesAnEqualStatusSoNothingIsWritten() {
        FunctionStatus first = FunctionStatusFromCluster.status(fn, deployment(1, 1), List.of(), clock);
        fn.setStatus(first);
        Clock later = Clock.offset(clock, java.time.Duration.ofMinutes(5));
        assertThat(FunctionStatusFromCluster.status(fn, deployment(1, 1), List.of(), later)).isEqualTo(first);
        FunctionStatus down = FunctionStatusFromCluster.status(fn, deployment(1, 0), List.of(), later);
        assertThat(condition(down, FunctionConditions.READY).lastTransitionTime()).isEqualTo(later.instant());
    }

    @Test
    void aReplicaThatCrashedAndRunsAgainLeavesTheFunctionReadyWithTheFailureKept() {
        ContainerStatus restarted = new ContainerStatusBuilder(running("function")).withRestartCount(2)
                .withNewLastState().withNewTerminated().withExitCode(137).withReason("OOMKilled")
                .withFinishedAt("2026-12-04T05:58:00Z").endTerminated().endLastState().build();
        ContainerStatus crashedOnce = new ContainerStatusBuilder(running("function")).withRestartCount(1)
                .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
                .withFinishedAt("2026-12-04T05:50:00Z").endTerminated().endLastState().build();
        FunctionStatus status = FunctionStatusFromCluster.status(fn, deployment(2, 2),
                List.of(pod(List.of(), List.of(crashedOnce)), pod(List.of(), List.of(restarted))), clock);

        assertThat(status.phase()).isEqualTo(FunctionPhase.Ready);
        FunctionStatus.ReplicaFailure failure = status.lastReplicaFailure();
        assertThat(failure.time()).isEqualTo(Instant.parse("2026-12-04T05:58:00Z"));
        assertThat(failure.reason()).isEqualTo(FunctionConditions.REASON_OOM_KILLED);
        assertThat(failure.message()).contains("more memory than its limit", "exit code 137");
        assertThat(failure.total()).isEqualTo(3);

        // the pods are replaced (a new generation): their restarts are gone, the failure stays in the status
        fn.setStatus(status);
        FunctionStatus replaced = FunctionStatusFromCluster.status(fn, deployment(2, 2),
                List.of(pod(List.of(), List.of(running("function")))), clock);
        assertThat(replaced.lastReplicaFailure()).isEqualTo(failure);
    }
}
