package dev.nubo.controller.kubernetes;

import java.time.Clock;

import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;

import dev.nubo.core.trigger.CronTrigger;
import dev.nubo.core.trigger.CronTriggerSpec;
import dev.nubo.core.trigger.CronTriggerValidator;
import dev.nubo.kubernetes.crd.CronTriggerResource;

/** Validates CronTriggers applied to the cluster; their dispatcher in platform-triggers fires them. */
@ControllerConfiguration(name = "nubo-cron-triggers")
public class CronTriggerReconciler extends TriggerSpecReconciler<CronTriggerResource, CronTriggerSpec, CronTrigger>
        implements Reconciler<CronTriggerResource> {

    public CronTriggerReconciler(Clock clock) {
        super(CronTrigger::of, new CronTriggerValidator(), clock);
    }
}
