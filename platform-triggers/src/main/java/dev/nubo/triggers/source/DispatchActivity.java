package dev.nubo.triggers.source;

import dev.nubo.core.trigger.TriggerStatus.Fire;

/** What the dispatcher tells the trigger's status about its calls. */
public interface DispatchActivity {

    /** One call ended; {@code failed}: not 2xx (it may still be retried). */
    void called(Fire fire, boolean failed);

    /** A record failed for good: dead-lettered (or dropped when the trigger has no dead letter). */
    void deadLettered(Fire fire);
}
