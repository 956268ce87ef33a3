package dev.nubo.core.store;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import dev.nubo.core.trigger.CronTrigger;

/**
 * Who fired which cron tick. Every platform instance sharing the store arms the same schedules; before firing a
 * tick an instance claims it here, and only the instance whose claim commits fires it. A claim also checks that the
 * trigger still exists at the generation the instance armed, so an instance that has not yet seen a change (another
 * instance's API took it) never fires a deleted, disabled or rescheduled trigger.
 */
public class CronTickClaims {

    /** How a claim ended. */
    public enum Claim {
        /** This instance fires the tick. */
        CLAIMED,
        /** Another instance (or an earlier attempt) already fired it. */
        TAKEN,
        /** The trigger is gone or its spec changed since it was armed: reload it, fire nothing. */
        TRIGGER_CHANGED
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public CronTickClaims(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Claims {@code tick} of the trigger for {@code claimant}, in one transaction.
     *
     * @param generation the trigger generation the caller armed
     * @throws org.springframework.dao.DataAccessException when the store cannot answer: the tick must not fire
     */
    public Claim claim(String triggerUid, long generation, Instant tick, String claimant) {
        try {
            return transactions.execute(tx -> {
                List<Long> current = jdbc.queryForList("SELECT generation FROM resources WHERE kind = ? AND uid = ?",
                        Long.class, CronTrigger.KIND, triggerUid);
                if (current.isEmpty() || current.getFirst() != generation) {
                    return Claim.TRIGGER_CHANGED;
                }
                jdbc.update("INSERT INTO cron_tick_claims (trigger_uid, tick_at, claimed_by, claimed_at)"
                        + " VALUES (?,?,?,?)", triggerUid, timestamp(tick), claimant, timestamp(clock.instant()));
                return Claim.CLAIMED;
            });
        } catch (DuplicateKeyException e) {
            return Claim.TAKEN;
        }
    }

    /** The newest tick of the trigger that any instance claimed (and has not been pruned). */
    public Optional<Instant> lastClaimed(String triggerUid) {
        OffsetDateTime last = jdbc.queryForObject("SELECT MAX(tick_at) FROM cron_tick_claims WHERE trigger_uid = ?",
                OffsetDateTime.class, triggerUid);
        return Optional.ofNullable(last).map(OffsetDateTime::toInstant);
    }

    /** Forgets claims of ticks before {@code cutoff}; returns how many. */
    public int pruneBefore(Instant cutoff) {
        return jdbc.update("DELETE FROM cron_tick_claims WHERE tick_at < ?", timestamp(cutoff));
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
