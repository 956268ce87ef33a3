package dev.nubo.controller.kubernetes;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import dev.nubo.core.function.FunctionConditions;
import dev.nubo.core.function.FunctionPhase;
import dev.nubo.core.function.FunctionStatus;
import dev.nubo.core.model.Condition;
import dev.nubo.core.model.Conditions;
import dev.nubo.kubernetes.crd.FunctionResource;
import dev.nubo.kubernetes.function.DesiredFunction;
import dev.nubo.kubernetes.function.DesiredHash;
import dev.nubo.kubernetes.function.FunctionLabels;
import dev.nubo.kubernetes.function.FunctionStatusFromCluster;
import dev.nubo.kubernetes.function.FunctionWorkloads;
import dev.nubo.kubernetes.function.WorkloadSettings;
import dev.nubo.kubernetes.pool.PoolSpecializer;
import dev.nubo.kubernetes.pool.WarmPool;

/**
 * Function → ConfigMap, Deployment, Service, HorizontalPodAutoscaler (built by {@link FunctionWorkloads}), and the
 * Function's status from its Deployment and pods. Objects whose desired hash is unchanged are not written, and an
 * unchanged status is not patched: a reconcile of an unchanged Function writes nothing. Deletion is Kubernetes'
 * garbage collection: everything carries an owner reference to the Function. A function woken from zero may be
 * bridged by a warm pool pod ({@link PoolSpecializer}, on threads of its own: {@link PoolWakes}) until its own pod is
 * ready; then that pod is deleted.
 */
@ControllerConfiguration(name = "nubo-functions")
public class FunctionReconciler implements Reconciler<FunctionResource>, AutoCloseable {

    private final WorkloadSettings settings;
    private final Clock clock;
    private final FunctionScaler scaler;
    private final PoolWakes wakes;

    private InformerEventSource<ConfigMap, FunctionResource> configMaps;
    private InformerEventSource<Deployment, FunctionResource> deployments;
    private InformerEventSource<Service, FunctionResource> services;
    private InformerEventSource<HorizontalPodAutoscaler, FunctionResource> autoscalers;
    private InformerEventSource<Pod, FunctionResource> pods;

    public FunctionReconciler(WorkloadSettings settings, Clock clock) {
        this(settings, clock, null, null);
    }

    /**
     * @param scaler the concurrency scaler, or null to leave scaling to a CPU autoscaler
     * @param pool   serves a function woken from zero from its warm pool meanwhile, or null when there are no pools
     */
    FunctionReconciler(WorkloadSettings settings, Clock clock, FunctionScaler scaler, PoolSpecializer pool) {
        this.settings = settings;
        this.clock = clock;
        this.scaler = scaler;
        this.wakes = pool == null ? null : new PoolWakes(pool);
    }

    Optional<FunctionScaler> scaler() {
        return Optional.ofNullable(scaler);
    }

    @Override
    public List<EventSource<?, FunctionResource>> prepareEventSources(EventSourceContext<FunctionResource> context) {
        configMaps = informer(ConfigMap.class, context);
        deployments = informer(Deployment.class, context);
        services = informer(Service.class, context);
        autoscalers = informer(HorizontalPodAutoscaler.class, context);
        pods = informer(Pod.class, context);
        List<EventSource<?, FunctionResource>> sources = new ArrayList<>(
                List.of(configMaps, deployments, services, autoscalers, pods));
        if (scaler != null) {
            scaler.readFunctionsFrom(id -> context.getPrimaryCache().get(id));
            sources.add(scaler.events());
        }
        if (wakes != null) {
            sources.add(wakes.events());
        }
        return sources;
    }

    /** Every object of a function carries its name as a label: that label maps it back to the Function. */
    private static <R extends HasMetadata> InformerEventSource<R, FunctionResource> informer(Class<R> type,
            EventSourceContext<FunctionResource> context) {
        var configuration = InformerEventSourceConfiguration.from(type, FunctionResource.class)
                .withName(type.getSimpleName())
                .withLabelSelector(FunctionLabels.FUNCTION)
                .withSecondaryToPrimaryMapper(object -> {
                    Map<String, String> labels = object.getMetadata().getLabels();
                    String function = labels == null ? null : labels.get(FunctionLabels.FUNCTION);
                    return function == null ? Set.of()
                            : Set.of(new ResourceID(function, object.getMetadata().getNamespace()));
                })
                .build();
        return new InformerEventSource<>(configuration, context);
    }

    @Override
    public UpdateControl<FunctionResource> reconcile(FunctionResource function, Context<FunctionResource> context) {
        var client = context.getClient();
        ResourceID primary = ResourceID.fromResource(function);
        String namespace = function.getMetadata().getNamespace();
        String name = function.getMetadata().getName();

        FunctionStatus status;
        String unsupported = unsupported(function);
        if (unsupported != null) {
            status = failed(function, unsupported);
        } else {
            DesiredFunction desired = FunctionWorkloads.desired(function, settings);
            SecondaryObjects.apply(client, configMaps, primary, desired.configMap());
            Deployment deployment = desired.deployment();
            Deployment existing = deployments.get(ResourceID.fromResource(deployment)).orElse(null);
            boolean waking = false;
            if (scaler != null && FunctionScaler.scales(function.getSpec().scaling())) {
                // the concurrency scaler owns the replica count (and can go to zero, which a CPU autoscaler cannot)
                Integer current = existing == null ? null : existing.getSpec().getReplicas();
                int ready = existing == null || existing.getStatus() == null
                        || existing.getStatus().getReadyReplicas() == null ? 0 : existing.getStatus().getReadyReplicas();
                int replicas = scaler.desired(function, current, ready);
                waking = current != null && current == 0 && replicas > 0;
                deployment.getSpec().setReplicas(replicas);
                DesiredHash.stamp(deployment);
                SecondaryObjects.delete(client, autoscalers, new ResourceID(name, namespace));
            } else if (desired.autoscaler() != null) {
                // the autoscaler owns the replica count: keep what it set
                deployments.get(ResourceID.fromResource(deployment))
                        .ifPresent(actual -> deployment.getSpec().setReplicas(actual.getSpec().getReplicas()));
                SecondaryObjects.apply(client, autoscalers, primary, desired.autoscaler());
            } else {
                SecondaryObjects.delete(client, autoscalers, new ResourceID(name, namespace));
            }
            SecondaryObjects.apply(client, deployments, primary, deployment);
            SecondaryObjects.apply(client, services, primary, desired.service());
            Deployment actual = deployments.get(new ResourceID(name, namespace)).orElse(null);
            List<Pod> functionPods = pods.list(namespace,
                    p -> name.equals(p.getMetadata().getLabels().get(FunctionLabels.FUNCTION))).toList();
            if (wakes != null) {
                bridgeFromPool(function, waking, actual, functionPods, client);
            }
            // a pool pod bridging the wake says nothing of how the function's own pods fare
            List<Pod> ownPods = functionPods.stream().filter(p -> !WarmPool.claimed(p)).toList();
            status = FunctionStatusFromCluster.status(function, actual, ownPods, clock);
            var decision = scaler == null ? null : scaler.lastDecision(primary);
            if (decision != null && !decision.equals(status.lastScaling())) {
                status = status.withLastScaling(decision);
            }
        }
        if (status.equals(function.getStatus())) {
            return UpdateControl.noUpdate();
        }
        function.setStatus(status);
        return UpdateControl.patchStatus(function);
    }

    /**
     * On a wake (the Deployment goes 0 → 1, after it was written: the fallback is already under way) a pool pod
     * serves the function while its own pod starts; once that one is ready — or the function is back at zero — the
     * pool pod is deleted, so the Deployment stays the one owner of the function's replicas. The wake itself runs on
     * {@link PoolWakes}' threads (it waits for the pod's answer); its end reconciles the function again.
     */
    private void bridgeFromPool(FunctionResource function, boolean waking, Deployment deployment, List<Pod> functionPods,
            io.fabric8.kubernetes.client.KubernetesClient client) {
        List<Pod> bridging = functionPods.stream().filter(WarmPool::claimed)
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
        if (waking && bridging.isEmpty()) {
            // a copy: this reconcile goes on to change the resource (its status) while the wake reads it
            wakes.start(client.getKubernetesSerialization().clone(function));
            return;
        }
        if (bridging.isEmpty() || deployment == null) {
            return;
        }
        boolean atZero = deployment.getSpec().getReplicas() != null && deployment.getSpec().getReplicas() == 0;
        boolean ownPodReady = deployment.getStatus() != null && deployment.getStatus().getReadyReplicas() != null
                && deployment.getStatus().getReadyReplicas() > 0
                || functionPods.stream().anyMatch(p -> !WarmPool.claimed(p) && WarmPool.ready(p));
        if (atZero || ownPodReady) {
            for (Pod pod : bridging) {
                client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .delete();
            }
        }
    }

    /** Stops the warm pool wakes under way (their pods are the pool's sweep's, their functions the Deployments'). */
    @Override
    public void close() {
        if (wakes != null) {
            wakes.close();
        }
    }

    /** Why the Function cannot run on this cluster, or null. */
    private String unsupported(FunctionResource function) {
        var spec = function.getSpec();
        if (spec == null || spec.runtime() == null || spec.handler() == null || spec.source() == null
                || spec.source().kindsGiven() != 1) {
            return "spec needs runtime, handler and exactly one source";
        }
        if (settings.runtimes().forRuntime(spec.runtime()).isEmpty()) {
            return "runtime " + spec.runtime() + " has no image on this cluster (images for: "
                    + String.join(", ", settings.runtimes().prefixes()) + ")";
        }
        return null;
    }

    private FunctionStatus failed(FunctionResource function, String message) {
        FunctionStatus previous = function.getStatus();
        String reason = message.startsWith("runtime") ? FunctionConditions.REASON_RUNTIME_UNAVAILABLE
                : FunctionConditions.REASON_SPEC_INVALID;
        var conditions = Conditions.set(previous == null ? List.of() : previous.conditions(),
                Condition.of(FunctionConditions.READY, Condition.FALSE, reason, message), clock);
        return new FunctionStatus(FunctionPhase.Failed, conditions, function.getMetadata().getGeneration(),
                new FunctionStatus.Replicas(0, 0), null, previous == null ? null : previous.lastScaling(),
                previous == null ? null : previous.lastReplicaFailure());
    }
}
