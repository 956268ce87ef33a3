package dev.nubo.triggers.http;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

import dev.nubo.core.model.Condition;
import dev.nubo.core.model.Conditions;
import dev.nubo.core.trigger.HttpTrigger;
import dev.nubo.core.trigger.TriggerStatus;
import dev.nubo.core.trigger.TriggerStatus.Counts;
import dev.nubo.core.trigger.TriggerStatus.Fire;

/** How the gateway's view of a trigger is merged into its stored status: pure, unit-tested without a store. */
final class HttpTriggerStatus {

    private HttpTriggerStatus() {
    }

    /**
     * The status after showing {@code view}, or null when nothing a reader cares about would change, or the view is
     * of another trigger (deleted and created again) or another generation (a newer view is on its way).
     */
    static TriggerStatus merge(HttpTrigger stored, HttpTriggerView view, Clock clock) {
        if (!Objects.equals(stored.metadata().uid(), view.uid()) || stored.generation() != view.generation()) {
            return null;
        }
        TriggerStatus current = stored.status() == null ? TriggerStatus.pending() : stored.status();
        List<Condition> conditions = Conditions.set(current.conditions(), view.ready(), clock);
        TriggerStatus merged = new TriggerStatus(conditions, view.generation(), view.functions(), current.lastFire(),
                current.lastError(), current.counts(), current.nextFireTimes(), current.partitions());
        return sameForReaders(current, merged) ? null : merged;
    }

    /** The status with a trigger's calls added: counts add up (several instances write), the newest call wins. */
    static TriggerStatus addCalls(HttpTrigger stored, String uid, TriggerCalls.Delta delta) {
        if (!Objects.equals(stored.metadata().uid(), uid) || delta.isEmpty()) {
            return null;
        }
        TriggerStatus current = stored.status() == null ? TriggerStatus.pending() : stored.status();
        Counts counts = current.counts() == null ? new Counts(0, 0, 0) : current.counts();
        return new TriggerStatus(current.conditions(), current.observedGeneration(), current.functions(),
                newer(current.lastFire(), delta.lastFire()), newer(current.lastError(), delta.lastError()),
                new Counts(counts.calls() + delta.calls(), counts.failures() + delta.failures(), counts.deadLettered()),
                current.nextFireTimes(), current.partitions());
    }

    private static Fire newer(Fire current, Fire candidate) {
        if (candidate == null) {
            return current;
        }
        return current == null || current.time() == null || !candidate.time().isBefore(current.time()) ? candidate
                : current;
    }

    private static boolean sameForReaders(TriggerStatus a, TriggerStatus b) {
        return Conditions.sameAs(a.conditions(), b.conditions())
                && Objects.equals(a.observedGeneration(), b.observedGeneration())
                && Objects.equals(a.functions(), b.functions());
    }
}
