package dev.nubo.core.distributed;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The lock that makes one controller the active one among those sharing a store: Spring Integration's JDBC lock
 * ({@code INT_LOCK}), taken and renewed by a leader initiator in the controller. The holder is a name-based UUID of
 * the controller's URL, so a restarted controller (same URL, crashed without releasing) need not wait for its own
 * lock to lapse. Expiry is in the writer's clock, so the controllers' clocks must agree to well within the lock's
 * time to live (NTP).
 */
public final class ControllerLock {

    /** The lock key (the leader role). */
    public static final String KEY = "controller";

    static final String REGION = "nubo";

    private ControllerLock() {
    }

    /** The lock's client id for a controller at {@code controllerUrl}. */
    public static String clientId(String controllerUrl) {
        return UUID.nameUUIDFromBytes(controllerUrl.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A registry whose locks, taken by the controller at {@code controllerUrl}, lapse {@code ttl} after renewal. */
    public static JdbcLockRegistry registry(DataSource dataSource, PlatformTransactionManager transactions,
            String controllerUrl, Duration ttl) {
        DefaultLockRepository repository = new DefaultLockRepository(dataSource, clientId(controllerUrl));
        repository.setRegion(REGION);
        repository.setTimeToLive(Math.toIntExact(ttl.toMillis()));
        repository.setTransactionManager(transactions);
        repository.setCheckDatabaseOnStart(false);
        repository.afterPropertiesSet();
        repository.afterSingletonsInstantiated();
        repository.start();
        return new JdbcLockRegistry(repository, ttl);
    }

    /** The client id of the controller that took the lock last (none after a clean release, which deletes it). */
    public static Optional<String> holder(JdbcTemplate jdbc) {
        return jdbc.queryForList("SELECT CLIENT_ID FROM INT_LOCK WHERE REGION = ?", String.class, REGION).stream()
                .findFirst().map(String::trim);
    }
}
