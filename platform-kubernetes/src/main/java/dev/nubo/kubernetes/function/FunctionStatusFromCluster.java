package dev.nubo.kubernetes.function;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;

import dev.nubo.core.function.FunctionConditions;
import dev.nubo.core.function.FunctionPhase;
import dev.nubo.core.function.FunctionStatus;
import dev.nubo.core.model.Condition;
import dev.nubo.core.model.Conditions;
import dev.nubo.kubernetes.crd.FunctionResource;

/**
 * A Function's status from what the cluster made of its Deployment: ready replicas, and why pods do not run — an
 * image that cannot be pulled, a crash loop, a failed dependency install — said in the Function's conditions, never
 * only in the pods' events. Pure: objects in, status out.
 */
public final class FunctionStatusFromCluster {

    /** The image cannot be pulled (wrong name, tag, registry credentials). */
    public static final String REASON_IMAGE_PULL_FAILED = "ImagePullFailed";
    /** The Deployment made no progress within its deadline. */
    public static final String REASON_PROGRESS_DEADLINE = "ProgressDeadlineExceeded";
    /** The cluster refused to create pods (quota, admission). */
    public static final String REASON_REPLICA_FAILURE = "ReplicaFailure";
    public static final String REASON_CONTAINER_CONFIG = "ContainerConfigError";

    private static final Set<String> IMAGE_PULL = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "ErrImageNeverPull");

    private FunctionStatusFromCluster() {
    }

    /** A problem of the pods: which condition it concerns, its reason and message. */
    record Problem(String condition, String reason, String message, boolean userMustAct) {
    }

    /**
     * @param deployment the function's Deployment, or null when not created yet
     * @param pods       the function's pods (any generation)
     */
    public static FunctionStatus status(FunctionResource function, Deployment deployment, List<Pod> pods,
            Clock clock) {
        FunctionStatus previous = function.getStatus();
        List<Condition> conditions = previous == null ? List.of() : previous.conditions();
        long generation = function.getMetadata().getGeneration() == null ? 0 : function.getMetadata().getGeneration();
        String endpoint = FunctionWorkloads.endpoint(function.getMetadata().getNamespace(),
                function.getMetadata().getName());
        if (deployment == null) {
            conditions = Conditions.set(conditions, Condition.of(FunctionConditions.READY, Condition.UNKNOWN,
                    FunctionConditions.REASON_STARTING, "creating the Deployment"), clock);
            return new FunctionStatus(FunctionPhase.Deploying, conditions, generation,
                    new FunctionStatus.Replicas(0, 0), endpoint, previous == null ? null : previous.lastScaling(),
                    previous == null ? null : previous.lastReplicaFailure());
        }
        int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        var state = deployment.getStatus();
        int ready = state == null || state.getReadyReplicas() == null ? 0 : state.getReadyReplicas();
        Optional<Problem> problem = podProblem(pods).or(() -> deploymentProblem(deployment));
        boolean installFailed = problem.filter(p -> p.condition().equals(FunctionConditions.BUILD_SUCCEEDED)).isPresent();
        boolean running = pods.stream().anyMatch(FunctionStatusFromCluster::mainContainerStarted);

        Condition build = installFailed
                ? Condition.of(FunctionConditions.BUILD_SUCCEEDED, Condition.FALSE, problem.get().reason(),
                        problem.get().message())
                : running || ready > 0
                        ? Condition.of(FunctionConditions.BUILD_SUCCEEDED, Condition.TRUE,
                                FunctionConditions.REASON_BUILT, "code unpacked and dependencies installed")
                        : Condition.of(FunctionConditions.BUILD_SUCCEEDED, Condition.UNKNOWN,
                                FunctionConditions.REASON_BUILDING, "pods preparing the code");
        conditions = Conditions.set(conditions, build, clock);

        FunctionPhase phase;
        Condition readyCondition;
        String counted = ready + " of " + desired + " replicas ready";
        if (desired == 0 && problem.isEmpty()) {
            phase = FunctionPhase.ScaledToZero;
            readyCondition = Condition.of(FunctionConditions.READY, Condition.TRUE,
                    FunctionConditions.REASON_SCALED_TO_ZERO, "minReplicas is 0: no replica runs");
        } else if (ready > 0) {
            phase = FunctionPhase.Ready;
            readyCondition = problem
                    .map(p -> Condition.of(FunctionConditions.READY, Condition.TRUE, p.reason(),
                            counted + "; new replicas fail: " + p.message()))
                    .orElseGet(() -> Condition.of(FunctionConditions.READY, Condition.TRUE,
                            FunctionConditions.REASON_REPLICAS_READY, counted));
        } else if (problem.isPresent()) {
            Problem p = problem.get();
            phase = p.userMustAct() ? FunctionPhase.Failed : FunctionPhase.Degraded;
            readyCondition = Condition.of(FunctionConditions.READY, Condition.FALSE, p.reason(), p.message());
        } else {
            phase = running ? FunctionPhase.Deploying : FunctionPhase.Building;
            readyCondition = Condition.of(FunctionConditions.READY, Condition.FALSE, FunctionConditions.REASON_STARTING,
                    counted);
        }
        conditions = Conditions.set(conditions, readyCondition, clock);
        return new FunctionStatus(phase, conditions, generation, new FunctionStatus.Replicas(ready, desired),
                endpoint, previous == null ? null : previous.lastScaling(),
                lastReplicaFailure(pods).orElse(previous == null ? null : previous.lastReplicaFailure()));
    }

    /**
     * The latest termination of a function container that exited on its own (its {@code lastState}, as a restart
     * leaves it), and the restarts of the function's pods: the failure stays in the Function's status while the pods
     * that saw it exist, and the last one seen is kept after they are replaced.
     */
    static Optional<FunctionStatus.ReplicaFailure> lastReplicaFailure(List<Pod> pods) {
        int restarts = 0;
        ContainerStatus latest = null;
        Instant latestAt = null;
        for (Pod pod : pods) {
            if (pod.getStatus() == null) {
                continue;
            }
            for (ContainerStatus container : statuses(pod.getStatus().getContainerStatuses()).toList()) {
                restarts += container.getRestartCount() == null ? 0 : container.getRestartCount();
                Instant at = finishedAt(container);
                if (at != null && (latestAt == null || at.isAfter(latestAt))) {
                    latest = container;
                    latestAt = at;
                }
            }
        }
        if (latest == null) {
            return Optional.empty();
        }
        var terminated = latest.getLastState().getTerminated();
        boolean oomKilled = "OOMKilled".equals(terminated.getReason());
        String message = (oomKilled ? "the replica used more memory than its limit and was killed"
                : "the replica exited") + " (exit code " + terminated.getExitCode()
                + (terminated.getReason() == null || oomKilled ? "" : ", " + terminated.getReason()) + ")"
                + (terminated.getMessage() == null || terminated.getMessage().isBlank() ? ""
                        : ": " + terminated.getMessage().strip());
        return Optional.of(new FunctionStatus.ReplicaFailure(latestAt,
                oomKilled ? FunctionConditions.REASON_OOM_KILLED : FunctionConditions.REASON_CRASHED, message,
                Math.max(1, restarts)));
    }

    /** When the container's previous run ended, or null (none, or a time the kubelet did not write as RFC 3339). */
    private static Instant finishedAt(ContainerStatus container) {
        var last = container.getLastState() == null ? null : container.getLastState().getTerminated();
        try {
            return last == null || last.getFinishedAt() == null ? null : Instant.parse(last.getFinishedAt());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Optional<Problem> podProblem(List<Pod> pods) {
        return pods.stream().filter(p -> p.getStatus() != null && p.getMetadata().getDeletionTimestamp() == null)
                .flatMap(pod -> Stream.concat(
                        statuses(pod.getStatus().getInitContainerStatuses()).map(s -> problemOf(s, true)),
                        statuses(pod.getStatus().getContainerStatuses()).map(s -> problemOf(s, false))))
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static Optional<Problem> problemOf(ContainerStatus container, boolean init) {
        var state = container.getState();
        var waiting = state == null ? null : state.getWaiting();
        String name = container.getName();
        if (waiting != null && waiting.getReason() != null) {
            String reason = waiting.getReason();
            String message = waiting.getMessage() == null ? "" : ": " + waiting.getMessage();
            if (IMAGE_PULL.contains(reason)) {
                return Optional.of(new Problem(FunctionConditions.READY, REASON_IMAGE_PULL_FAILED,
                        "container " + name + " cannot pull image " + container.getImage() + " (" + reason + ")"
                                + message, true));
            }
            if ("CreateContainerConfigError".equals(reason)) {
                boolean secret = message.toLowerCase().contains("secret");
                return Optional.of(new Problem(FunctionConditions.READY,
                        secret ? FunctionConditions.REASON_SECRET_NOT_FOUND : REASON_CONTAINER_CONFIG,
                        "container " + name + message, true));
            }
            if ("CrashLoopBackOff".equals(reason)) {
                return Optional.of(crashed(container, init));
            }
        }
        var terminated = state == null ? null : state.getTerminated();
        if (init && terminated != null && terminated.getExitCode() != null && terminated.getExitCode() != 0) {
            return Optional.of(crashed(container, true));
        }
        return Optional.empty();
    }

    private static Problem crashed(ContainerStatus container, boolean init) {
        var last = container.getLastState() == null ? null : container.getLastState().getTerminated();
        if (last == null && container.getState() != null) {
            last = container.getState().getTerminated();
        }
        String exit = last == null ? "" : " (exit code " + last.getExitCode()
                + (last.getReason() == null ? "" : ", " + last.getReason()) + ")"
                + (last.getMessage() == null || last.getMessage().isBlank() ? "" : ": " + last.getMessage().strip());
        if (init && FunctionWorkloads.INSTALL_DEPS.equals(container.getName())) {
            return new Problem(FunctionConditions.BUILD_SUCCEEDED, FunctionConditions.REASON_INSTALL_FAILED,
                    "installing the dependencies failed" + exit, true);
        }
        if (init && FunctionWorkloads.COMPILE.equals(container.getName())) {
            return new Problem(FunctionConditions.BUILD_SUCCEEDED, FunctionConditions.REASON_COMPILE_FAILED,
                    "compiling the function failed" + exit, true);
        }
        if (init) {
            return new Problem(FunctionConditions.BUILD_SUCCEEDED, FunctionConditions.REASON_SOURCE_FETCH_FAILED,
                    "preparing the code failed" + exit, true);
        }
        if (last != null && "OOMKilled".equals(last.getReason())) {
            return new Problem(FunctionConditions.READY, FunctionConditions.REASON_OOM_KILLED,
                    "the replica used more memory than its limit and was killed" + exit, false);
        }
        return new Problem(FunctionConditions.READY, FunctionConditions.REASON_CRASHED,
                "the replica keeps exiting" + exit + "; kubectl logs shows its output", false);
    }

    static Optional<Problem> deploymentProblem(Deployment deployment) {
        List<DeploymentCondition> conditions = deployment.getStatus() == null
                || deployment.getStatus().getConditions() == null ? List.of() : deployment.getStatus().getConditions();
        for (DeploymentCondition c : conditions) {
            if ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())) {
                return Optional.of(new Problem(FunctionConditions.READY, REASON_REPLICA_FAILURE,
                        c.getReason() + ": " + c.getMessage(), true));
            }
            if ("Progressing".equals(c.getType()) && "False".equals(c.getStatus())) {
                return Optional.of(new Problem(FunctionConditions.READY, REASON_PROGRESS_DEADLINE,
                        c.getMessage() == null ? "the rollout made no progress" : c.getMessage(), false));
            }
        }
        return Optional.empty();
    }

    private static boolean mainContainerStarted(Pod pod) {
        return pod.getStatus() != null && statuses(pod.getStatus().getContainerStatuses())
                .anyMatch(s -> s.getState() != null && s.getState().getRunning() != null);
    }

    private static Stream<ContainerStatus> statuses(List<ContainerStatus> statuses) {
        return statuses == null ? Stream.empty() : statuses.stream();
    }
}
