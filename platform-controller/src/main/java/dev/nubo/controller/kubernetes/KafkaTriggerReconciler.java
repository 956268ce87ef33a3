package dev.nubo.controller.kubernetes;

import java.time.Clock;

import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;

import dev.nubo.core.trigger.KafkaTrigger;
import dev.nubo.core.trigger.KafkaTriggerSpec;
import dev.nubo.core.trigger.KafkaTriggerValidator;
import dev.nubo.kubernetes.crd.KafkaTriggerResource;

/** Validates KafkaTriggers applied to the cluster; their dispatcher in platform-triggers fires them. */
@ControllerConfiguration(name = "nubo-kafka-triggers")
public class KafkaTriggerReconciler extends TriggerSpecReconciler<KafkaTriggerResource, KafkaTriggerSpec, KafkaTrigger>
        implements Reconciler<KafkaTriggerResource> {

    public KafkaTriggerReconciler(Clock clock) {
        super(KafkaTrigger::of, new KafkaTriggerValidator(), clock);
    }
}
