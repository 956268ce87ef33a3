package dev.nubo.controller.kubernetes;

import java.time.Clock;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

import dev.nubo.core.model.Condition;
import dev.nubo.core.model.Conditions;
import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.trigger.Trigger;
import dev.nubo.core.trigger.TriggerConditions;
import dev.nubo.core.trigger.TriggerSpec;
import dev.nubo.core.trigger.TriggerStatus;
import dev.nubo.core.trigger.TriggerValidator;
import dev.nubo.core.validation.FieldError;

/**
 * CronTrigger, KafkaTrigger, NatsTrigger: their dispatchers (platform-triggers) fire them and own their status. A
 * resource applied with kubectl has not passed the API's validation, so the operator runs the same validator and
 * says what is wrong ({@code Ready=False SpecInvalid}); a valid new one is marked pending for its dispatcher.
 */
abstract class TriggerSpecReconciler<R extends CustomResource<S, TriggerStatus>, S extends TriggerSpec, T extends Trigger<S>>
        implements Reconciler<R> {

    private final BiFunction<ObjectMeta, S, T> toCore;
    private final TriggerValidator<T> validator;
    private final Clock clock;

    TriggerSpecReconciler(BiFunction<ObjectMeta, S, T> toCore, TriggerValidator<T> validator, Clock clock) {
        this.toCore = toCore;
        this.validator = validator;
        this.clock = clock;
    }

    @Override
    public UpdateControl<R> reconcile(R resource, Context<R> context) {
        var meta = resource.getMetadata();
        List<FieldError> errors = resource.getSpec() == null
                ? List.of(new FieldError("spec", "required", "spec is missing"))
                : validator.validate(toCore.apply(ObjectMeta.named(meta.getNamespace(), meta.getName()),
                        resource.getSpec()));
        TriggerStatus previous = resource.getStatus();
        Condition ready = previous == null ? null
                : Conditions.find(previous.conditions(), TriggerConditions.READY).orElse(null);
        TriggerStatus next;
        if (!errors.isEmpty()) {
            String message = errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
            next = withReady(previous, meta.getGeneration(), Condition.of(TriggerConditions.READY, Condition.FALSE,
                    TriggerConditions.REASON_SPEC_INVALID, message));
        } else if (previous == null || ready == null || TriggerConditions.REASON_SPEC_INVALID.equals(ready.reason())) {
            next = withReady(previous, meta.getGeneration(), Condition.of(TriggerConditions.READY, Condition.UNKNOWN,
                    TriggerConditions.REASON_PENDING, "waiting for the dispatcher"));
        } else {
            return UpdateControl.noUpdate(); // valid, and its dispatcher's status stands
        }
        if (next.equals(previous)) {
            return UpdateControl.noUpdate();
        }
        resource.setStatus(next);
        return UpdateControl.patchStatus(resource);
    }

    private TriggerStatus withReady(TriggerStatus previous, Long generation, Condition ready) {
        var conditions = Conditions.set(previous == null ? List.of() : previous.conditions(), ready, clock);
        return previous == null
                ? new TriggerStatus(conditions, generation, null, null, null, null, null, null)
                : new TriggerStatus(conditions, generation, previous.functions(), previous.lastFire(),
                        previous.lastError(), previous.counts(), previous.nextFireTimes(), previous.partitions());
    }
}
