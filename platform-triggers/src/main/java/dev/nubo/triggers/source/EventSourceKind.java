package dev.nubo.triggers.source;

import dev.nubo.core.trigger.Trigger;

/**
 * One trigger kind backed by a {@link TriggerSource}: adding an event source is one package with an implementation
 * of this and of {@link TriggerSource}, plus the trigger kind in platform-core (docs/architecture.md).
 */
public interface EventSourceKind<T extends Trigger<?>> {

    /** The trigger kind, for logs. */
    String kind();

    /** Why triggers of this kind cannot run on this installation (no broker configured), or null. */
    String unavailableReason();

    /** The trigger's delivery settings, defaults filled in. */
    DeliverySettings settings(T trigger);

    /** A source consuming for this trigger, not started yet. */
    TriggerSource open(T trigger, int maxPendingRecords);

    /** What the trigger consumes, for status: {@code topics orders, refunds}. */
    String describe(T trigger);
}
