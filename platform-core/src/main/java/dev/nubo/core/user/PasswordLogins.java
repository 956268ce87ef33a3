package dev.nubo.core.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.crypto.password.PasswordEncoder;

import dev.nubo.core.source.Checksums;

/**
 * Password checks of the platform's users for HTTP Basic (the API, the gateway), without a bcrypt hash per request
 * and without unlimited guessing: a password that matched is remembered for a few minutes (as a SHA-256 of user,
 * password and the stored hash, so a changed password no longer matches), and a user who fails from one source too
 * often is locked out there with a doubling delay. A check that is not remembered costs one bcrypt round: callers on
 * an event loop run it elsewhere.
 */
public class PasswordLogins {

    public static final int FREE_FAILURES = 5;
    private static final Duration REMEMBERED = Duration.ofMinutes(5);
    private static final Duration MAX_LOCK = Duration.ofMinutes(15);
    /** Most remembered passwords; past it the map starts over (it refills at one bcrypt each). */
    private static final int MAX_ENTRIES = 10_000;

    /** What a check decided. */
    public sealed interface Outcome permits Accepted, Refused, Locked {
    }

    public record Accepted(CredentialStore.User user) implements Outcome {
    }

    public record Refused() implements Outcome {
    }

    /** Too many failures of this user from this source: try again in {@code retryAfterSeconds} (answered 429). */
    public record Locked(long retryAfterSeconds) implements Outcome {
    }

    private record Failures(int count, Instant lockedUntil) {
    }

    private final CredentialStore credentials;
    private final PasswordEncoder encoder;
    private final Clock clock;
    private final Map<String, Instant> remembered = new ConcurrentHashMap<>();
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private volatile String dummyHash;

    public PasswordLogins(CredentialStore credentials, PasswordEncoder encoder, Clock clock) {
        this.credentials = credentials;
        this.encoder = encoder;
        this.clock = clock;
    }

    /** Reads the user (one store read) and, unless remembered, checks the password with bcrypt. */
    public Outcome check(String user, String password, String source) {
        String attempt = user + "@" + source;
        Instant now = clock.instant();
        Failures failed = failures.get(attempt);
        if (failed != null && failed.lockedUntil() != null && failed.lockedUntil().isAfter(now)) {
            return new Locked(Math.max(1, Duration.between(now, failed.lockedUntil()).toSeconds() + 1));
        }
        Optional<CredentialStore.User> stored = credentials.user(user);
        String storedHash = stored.map(CredentialStore.User::passwordHash).orElse("");
        String key = Checksums.sha256(user + "\0" + password + "\0" + storedHash);
        Instant until = remembered.get(key);
        if (stored.isPresent() && until != null && until.isAfter(now)) {
            return new Accepted(stored.get());
        }
        // an unknown user costs a bcrypt round too, so the answer time does not tell which users exist
        boolean matches = encoder.matches(password, stored.isPresent() ? storedHash : dummyHash()) && stored.isPresent();
        if (matches) {
            bounded(remembered).put(key, now.plus(REMEMBERED));
            failures.remove(attempt);
            return new Accepted(stored.get());
        }
        int count = failed == null ? 1 : failed.count() + 1;
        Instant lockedUntil = count < FREE_FAILURES ? null
                : now.plus(min(Duration.ofSeconds(1L << Math.min(count - FREE_FAILURES, 20)), MAX_LOCK));
        failures.put(attempt, new Failures(count, lockedUntil));
        return new Refused();
    }

    private String dummyHash() {
        String hash = dummyHash;
        if (hash == null) {
            hash = encoder.encode("nubo-no-such-user-placeholder");
            dummyHash = hash;
        }
        return hash;
    }

    private static <K, V> Map<K, V> bounded(Map<K, V> map) {
        if (map.size() >= MAX_ENTRIES) {
            map.clear();
        }
        return map;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
