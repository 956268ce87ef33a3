package dev.nubo.triggers.cron;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import dev.nubo.core.model.Condition;
import dev.nubo.core.trigger.CronSchedule;
import dev.nubo.core.trigger.CronTrigger;
import dev.nubo.core.trigger.LabelSelector;
import dev.nubo.core.trigger.TriggerConditions;

/**
 * What the scheduler made of one generation of a trigger: the part of its status that changes with the spec and the
 * functions, not with each tick.
 *
 * @param schedule  the armed schedule, or null when the trigger does not fire (disabled, invalid)
 * @param functions the trigger's targets that exist now, sorted
 */
record CronView(String namespace, String name, String uid, long generation, Condition ready, List<String> functions,
        CronSchedule schedule) {

    CronView {
        functions = List.copyOf(functions);
    }

    static CronView disabled(CronTrigger trigger) {
        return new CronView(trigger.namespace(), trigger.name(), trigger.metadata().uid(), trigger.generation(),
                Condition.of(TriggerConditions.READY, Condition.FALSE, TriggerConditions.REASON_DISABLED,
                        "spec.enabled is false: the schedule does not fire"), List.of(), null);
    }

    static CronView invalid(CronTrigger trigger, String message) {
        return new CronView(trigger.namespace(), trigger.name(), trigger.metadata().uid(), trigger.generation(),
                Condition.of(TriggerConditions.READY, Condition.FALSE, TriggerConditions.REASON_SPEC_INVALID, message),
                List.of(), null);
    }

    /** An armed trigger: Active when it has targets, else FunctionNotFound (it keeps ticking and waits). */
    static CronView armed(CronTrigger trigger, CronSchedule schedule, List<String> functions) {
        Condition ready;
        if (!functions.isEmpty()) {
            ready = Condition.of(TriggerConditions.READY, Condition.TRUE, TriggerConditions.REASON_ACTIVE,
                    "fires on " + schedule);
        } else if (trigger.spec().function() != null) {
            ready = Condition.of(TriggerConditions.READY, Condition.FALSE, TriggerConditions.REASON_FUNCTION_NOT_FOUND,
                    "function " + trigger.spec().function() + " does not exist in namespace " + trigger.namespace()
                            + ": its ticks fail until it does");
        } else {
            ready = Condition.of(TriggerConditions.READY, Condition.FALSE, TriggerConditions.REASON_FUNCTION_NOT_FOUND,
                    "no function in namespace " + trigger.namespace() + " matches the selector "
                            + describe(trigger.spec().functionSelector()) + ": its ticks call nothing until one does");
        }
        return new CronView(trigger.namespace(), trigger.name(), trigger.metadata().uid(), trigger.generation(), ready,
                functions, schedule);
    }

    CronView withFunctions(CronTrigger trigger, List<String> newFunctions) {
        return schedule == null ? this : armed(trigger, schedule, newFunctions);
    }

    /** Same for a reader of the status (the schedule is fixed by the generation). */
    boolean sameAs(CronView other) {
        return other != null && uid.equals(other.uid) && generation == other.generation && ready.sameAs(other.ready)
                && functions.equals(other.functions) && Objects.equals(schedule == null, other.schedule == null);
    }

    /** {@code app=billing,tier In (a,b)} */
    static String describe(LabelSelector selector) {
        if (selector == null) {
            return "(none)";
        }
        String labels = selector.matchLabels().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        String expressions = selector.matchExpressions().stream()
                .map(r -> r.key() + " " + r.operator() + (r.values().isEmpty() ? "" : " (" + String.join(",", r.values()) + ")"))
                .collect(Collectors.joining(","));
        return labels.isEmpty() ? expressions : expressions.isEmpty() ? labels : labels + "," + expressions;
    }
}
