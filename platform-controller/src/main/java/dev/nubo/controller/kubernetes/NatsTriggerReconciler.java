package dev.nubo.controller.kubernetes;

import java.time.Clock;

import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;

import dev.nubo.core.trigger.NatsTrigger;
import dev.nubo.core.trigger.NatsTriggerSpec;
import dev.nubo.core.trigger.NatsTriggerValidator;
import dev.nubo.kubernetes.crd.NatsTriggerResource;

/** Validates NatsTriggers applied to the cluster; their dispatcher in platform-triggers fires them. */
@ControllerConfiguration(name = "nubo-nats-triggers")
public class NatsTriggerReconciler extends TriggerSpecReconciler<NatsTriggerResource, NatsTriggerSpec, NatsTrigger>
        implements Reconciler<NatsTriggerResource> {

    public NatsTriggerReconciler(Clock clock) {
        super(NatsTrigger::of, new NatsTriggerValidator(), clock);
    }
}
