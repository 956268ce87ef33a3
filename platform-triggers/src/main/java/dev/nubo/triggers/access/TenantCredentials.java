package dev.nubo.triggers.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.nubo.core.trigger.CredentialHashes;
import dev.nubo.core.user.InvokeCredentials;
import dev.nubo.core.user.InvokeCredentials.Outcome;
import dev.nubo.core.user.InvokeCredentials.Verdict;

/**
 * The gateway's checks of platform credentials (tenant API tokens, users' passwords) for functions and HttpTriggers
 * that ask for them. A check reads the store and may cost a bcrypt round, so it runs on a small bounded pool, never on
 * an event loop; its verdict is remembered under the SHA-256 of what was presented and the namespace, until the
 * token expires, {@code remember} passes, or a user, token or membership changes through this instance — so a
 * revoked token is refused at once here, and within {@code remember} on other instances. Refused passwords are not
 * remembered: each goes through the lockout of {@link dev.nubo.core.user.PasswordLogins}.
 */
public final class TenantCredentials implements AutoCloseable {

    /** The credential kinds. */
    public enum Scheme {
        BEARER("Bearer"), BASIC("Basic");

        private final String header;

        Scheme(String header) {
            this.header = header;
        }

        public String header() {
            return header;
        }
    }

    /** Most verdicts remembered; past it the cache starts over. */
    static final int MAX_REMEMBERED = 10_000;

    private record Remembered(Verdict verdict, long changes) {
    }

    private final InvokeCredentials credentials;
    private final Clock clock;
    private final Duration remember;
    private final ThreadPoolExecutor checks;
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

    /** @param credentials null: this gateway has no user store (every platform credential is refused) */
    public TenantCredentials(InvokeCredentials credentials, Clock clock, Duration remember, int threads) {
        this.credentials = credentials;
        this.clock = clock;
        this.remember = remember;
        this.checks = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256),
                Thread.ofPlatform().daemon().name("nubo-gateway-credentials-", 0).factory());
        this.checks.allowCoreThreadTimeOut(true);
    }

    /** The credentials after the scheme name (compared without case, as RFC 9110 says), or null. */
    public static String credentials(String authorization, Scheme scheme) {
        String name = scheme.header();
        if (authorization == null || authorization.length() <= name.length() + 1
                || !authorization.regionMatches(true, 0, name, 0, name.length())
                || authorization.charAt(name.length()) != ' ') {
            return null;
        }
        String value = authorization.substring(name.length() + 1).strip();
        return value.isEmpty() ? null : value;
    }

    /** A remembered verdict still good, or null: then {@link #check} decides (off the caller's thread). */
    public Verdict remembered(Scheme scheme, String presented, String namespace) {
        if (credentials == null) {
            return new Verdict(Outcome.UNAUTHENTICATED, null, 0, null);
        }
        String key = key(scheme, presented, namespace);
        Remembered entry = remembered.get(key);
        if (entry == null) {
            return null;
        }
        if (entry.changes() != credentials.changes() || !entry.verdict().validUntil().isAfter(clock.instant())) {
            remembered.remove(key, entry);
            return null;
        }
        return entry.verdict();
    }

    /**
     * Asks the store (and bcrypt) on the checks' pool. Fails with {@link RejectedExecutionException} when too many
     * checks wait already (the caller answers 429).
     *
     * @param source the caller's address (password lockouts are per user and address)
     */
    public CompletableFuture<Verdict> check(Scheme scheme, String presented, String namespace, String source) {
        if (credentials == null) {
            return CompletableFuture.completedFuture(new Verdict(Outcome.UNAUTHENTICATED, null, 0, null));
        }
        try {
            return CompletableFuture.supplyAsync(() -> {
                long changes = credentials.changes(); // before reading: a change meanwhile makes this entry stale
                Instant until = clock.instant().plus(remember);
                Verdict verdict = scheme == Scheme.BEARER ? credentials.token(presented, namespace, until)
                        : credentials.basic(presented, namespace, source, until);
                if (verdict.validUntil() != null) {
                    if (remembered.size() >= MAX_REMEMBERED) {
                        remembered.clear();
                    }
                    remembered.put(key(scheme, presented, namespace), new Remembered(verdict, changes));
                }
                return verdict;
            }, checks);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static String key(Scheme scheme, String presented, String namespace) {
        return CredentialHashes.hashToken(scheme.header() + " " + presented) + "/" + namespace;
    }

    @Override
    public void close() {
        checks.shutdownNow();
    }
}
