package dev.nubo.controller.kubernetes;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import dev.nubo.core.model.Condition;
import dev.nubo.core.model.Conditions;
import dev.nubo.core.trigger.TriggerConditions;
import dev.nubo.core.trigger.TriggerStatus;
import dev.nubo.kubernetes.crd.HttpTriggerResource;
import dev.nubo.kubernetes.trigger.HttpTriggerIngress;

/**
 * HttpTrigger → Ingress to the function's Service; its {@code Ingress} condition says whether and where it answers.
 * {@code Ready} is the gateway's (it routes the trigger, on Kubernetes too, and writes that condition): two writers of
 * one condition would take turns overwriting each other, so the operator only marks a new trigger pending for it.
 */
@ControllerConfiguration(name = "nubo-http-triggers")
public class HttpTriggerReconciler implements Reconciler<HttpTriggerResource> {

    static final String LABEL = "nubo.dev/http-trigger";
    /** Condition type: whether the trigger's Ingress exists and has an address. */
    public static final String INGRESS = "Ingress";
    /** The trigger needs the gateway (auth, CORS, rate limit): an Ingress to the function would bypass it. */
    public static final String REASON_NEEDS_GATEWAY = "NeedsGateway";
    public static final String REASON_INGRESS_READY = "IngressReady";
    public static final String REASON_INGRESS_PENDING = "IngressPending";

    private final HttpTriggerIngress.Settings settings;
    private final Clock clock;
    private InformerEventSource<Ingress, HttpTriggerResource> ingresses;

    public HttpTriggerReconciler(HttpTriggerIngress.Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, HttpTriggerResource>> prepareEventSources(
            EventSourceContext<HttpTriggerResource> context) {
        var configuration = InformerEventSourceConfiguration.from(Ingress.class, HttpTriggerResource.class)
                .withLabelSelector(LABEL)
                .withSecondaryToPrimaryMapper(ingress -> {
                    Map<String, String> labels = ingress.getMetadata().getLabels();
                    return Set.of(new ResourceID(labels.get(LABEL), ingress.getMetadata().getNamespace()));
                })
                .build();
        ingresses = new InformerEventSource<>(configuration, context);
        return List.of(ingresses);
    }

    @Override
    public UpdateControl<HttpTriggerResource> reconcile(HttpTriggerResource trigger,
            Context<HttpTriggerResource> context) {
        ResourceID id = ResourceID.fromResource(trigger);
        Condition ingress;
        String unsupported = trigger.getSpec() == null ? "spec is missing" : HttpTriggerIngress.unsupported(trigger.getSpec(), settings);
        if (unsupported != null) {
            SecondaryObjects.delete(context.getClient(), ingresses, id);
            ingress = Condition.of(INGRESS, Condition.FALSE, REASON_NEEDS_GATEWAY, unsupported);
        } else if (!trigger.getSpec().isEnabled()) {
            // a disabled route answers nothing: no Ingress
            SecondaryObjects.delete(context.getClient(), ingresses, id);
            ingress = Condition.of(INGRESS, Condition.FALSE, TriggerConditions.REASON_DISABLED,
                    "spec.enabled is false");
        } else {
            Ingress desired = HttpTriggerIngress.desired(trigger, settings);
            SecondaryObjects.apply(context.getClient(), ingresses, id, desired);
            var address = ingresses.get(id).map(Ingress::getStatus)
                    .map(s -> s.getLoadBalancer() == null ? null : s.getLoadBalancer().getIngress())
                    .filter(list -> !list.isEmpty()).map(list -> list.get(0))
                    .map(lb -> lb.getHostname() != null ? lb.getHostname() : lb.getIp());
            ingress = address
                    .map(a -> Condition.of(INGRESS, Condition.TRUE, REASON_INGRESS_READY,
                            "Ingress " + desired.getMetadata().getName() + " answers at " + a))
                    .orElseGet(() -> Condition.of(INGRESS, Condition.UNKNOWN, REASON_INGRESS_PENDING,
                            "Ingress " + desired.getMetadata().getName() + " created; waiting for an address"));
        }
        TriggerStatus previous = trigger.getStatus();
        var conditions = Conditions.set(previous == null ? List.of() : previous.conditions(), ingress, clock);
        if (Conditions.find(conditions, TriggerConditions.READY).isEmpty()) {
            conditions = Conditions.set(conditions, Condition.of(TriggerConditions.READY, Condition.UNKNOWN,
                    TriggerConditions.REASON_PENDING, "waiting for the gateway"), clock);
        }
        String function = trigger.getSpec() == null ? null : trigger.getSpec().function();
        TriggerStatus status = new TriggerStatus(conditions, trigger.getMetadata().getGeneration(),
                function == null ? List.of() : List.of(function),
                previous == null ? null : previous.lastFire(), previous == null ? null : previous.lastError(),
                previous == null ? null : previous.counts(), null, null);
        if (status.equals(previous)) {
            return UpdateControl.noUpdate();
        }
        trigger.setStatus(status);
        return UpdateControl.patchStatus(trigger);
    }
}
