package dev.nubo.triggers.cron;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.nubo.core.model.Condition;
import dev.nubo.core.model.Conditions;
import dev.nubo.core.trigger.CronTrigger;
import dev.nubo.core.trigger.TriggerStatus;
import dev.nubo.core.trigger.TriggerStatus.Counts;
import dev.nubo.core.trigger.TriggerStatus.Fire;

/** How what the scheduler saw is merged into a trigger's stored status: pure, unit-tested without a store. */
final class CronStatus {

    /** How many upcoming ticks status shows. */
    static final int NEXT_FIRE_TIMES = 5;

    private CronStatus() {
    }

    /**
     * What happened since the last write: the newest fire and error, and counts to add. Several instances add to one
     * status, so counts travel as increments, never as totals.
     */
    record Delta(Fire lastFire, Fire lastError, long calls, long failures) {

        static final Delta NONE = new Delta(null, null, 0, 0);

        Delta plus(Delta other) {
            return new Delta(newer(lastFire, other.lastFire), newer(lastError, other.lastError), calls + other.calls,
                    failures + other.failures);
        }

        boolean isEmpty() {
            return lastFire == null && lastError == null && calls == 0 && failures == 0;
        }
    }

    /**
     * The status after merging {@code view} and {@code delta} into what is stored, or null when nothing a reader
     * cares about would change. A view of another generation than the stored spec's (this instance has not seen a
     * change yet) leaves conditions, functions and next fire times alone; the fires still count.
     */
    static TriggerStatus merge(CronTrigger stored, CronView view, Delta delta, Instant now, Clock clock) {
        if (!stored.metadata().uid().equals(view.uid())) {
            return null; // deleted and created again under the same name: not ours
        }
        TriggerStatus current = stored.status() == null ? TriggerStatus.pending() : stored.status();
        boolean viewIsCurrent = stored.generation() == view.generation();
        List<Condition> conditions = viewIsCurrent ? Conditions.set(current.conditions(), view.ready(), clock)
                : current.conditions();
        Long observed = viewIsCurrent ? Long.valueOf(view.generation()) : current.observedGeneration();
        List<String> functions = viewIsCurrent ? view.functions() : current.functions();
        List<Instant> next = viewIsCurrent ? nextFireTimes(view, now) : current.nextFireTimes();
        Counts counts = current.counts() == null ? new Counts(0, 0, 0) : current.counts();
        counts = new Counts(counts.calls() + delta.calls(), counts.failures() + delta.failures(), counts.deadLettered());
        TriggerStatus merged = new TriggerStatus(conditions, observed, functions, newer(current.lastFire(),
                delta.lastFire()), newer(current.lastError(), delta.lastError()), counts, next, current.partitions());
        return sameForReaders(current, merged) ? null : merged;
    }

    private static List<Instant> nextFireTimes(CronView view, Instant now) {
        return view.schedule() == null ? null : view.schedule().next(now, NEXT_FIRE_TIMES);
    }

    /** The fire of the later tick; on the same tick the one given last. */
    static Fire newer(Fire current, Fire candidate) {
        if (candidate == null) {
            return current;
        }
        if (current == null || current.time() == null) {
            return candidate;
        }
        return candidate.time().isBefore(current.time()) ? current : candidate;
    }

    private static boolean sameForReaders(TriggerStatus a, TriggerStatus b) {
        return Conditions.sameAs(a.conditions(), b.conditions())
                && java.util.Objects.equals(a.observedGeneration(), b.observedGeneration())
                && java.util.Objects.equals(a.functions(), b.functions())
                && java.util.Objects.equals(a.lastFire(), b.lastFire())
                && java.util.Objects.equals(a.lastError(), b.lastError())
                && java.util.Objects.equals(a.counts(), b.counts())
                && java.util.Objects.equals(a.nextFireTimes(), b.nextFireTimes());
    }
}
