package dev.nubo.core.distributed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The lease that makes one controller the active one among those sharing a store ({@code controller_leases}): the
 * holder renews it; another takes it only when it lapsed (or was released), or when it was taken by an earlier run
 * of the same controller (same URL: a restart after a crash need not wait for its own lease). Expiry is in the
 * writer's clock, so the controllers' clocks must agree to well within the lease duration (NTP).
 *
 * <p>Each statement is one atomic row update or insert: two controllers racing for a lapsed lease both run the
 * {@code UPDATE … WHERE expires_at_ms < now}; the database lets the second see the first's new expiry, so only one
 * gets a row.
 */
public class ControllerLease {

    /** Who holds the lease, until when. */
    public record Holder(String holder, String controllerUrl, Instant expiresAt) {
    }

    static final String NAME = "controller";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ControllerLease(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Takes the lease or renews it.
     *
     * @return true when {@code holder} holds it now, until now + {@code duration}
     */
    public boolean acquire(String holder, String controllerUrl, Duration duration) {
        long now = clock.millis();
        long until = now + duration.toMillis();
        int renewed = jdbc.update("UPDATE controller_leases SET holder = ?, controller_url = ?, expires_at_ms = ?"
                + " WHERE name = ? AND (holder = ? OR controller_url = ? OR expires_at_ms < ?)", holder, controllerUrl,
                until, NAME, holder, controllerUrl, now);
        if (renewed == 1) {
            return true;
        }
        try {
            return jdbc.update("INSERT INTO controller_leases (name, holder, controller_url, expires_at_ms)"
                    + " VALUES (?,?,?,?)", NAME, holder, controllerUrl, until) == 1;
        } catch (DuplicateKeyException held) {
            return false;
        }
    }

    /** Lets the lease go at once (a clean stop): a standby takes over at its next attempt, not at the expiry. */
    public void release(String holder) {
        jdbc.update("UPDATE controller_leases SET expires_at_ms = 0 WHERE name = ? AND holder = ?", NAME, holder);
    }

    public Optional<Holder> current() {
        return jdbc.query("SELECT holder, controller_url, expires_at_ms FROM controller_leases WHERE name = ?",
                (rs, row) -> new Holder(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))), NAME)
                .stream().findFirst();
    }
}
