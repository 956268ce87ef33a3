package dev.nubo.api.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import dev.nubo.core.source.Checksums;
import dev.nubo.core.user.CredentialStore;

/**
 * HTTP Basic for scripts, without a bcrypt hash per request and without unlimited guessing: a password that matched
 * is remembered for a few minutes (as a SHA-256 of user, password and the stored hash, so a changed password no longer
 * matches), and a user who fails from one address too often is locked out there with a doubling delay (429).
 */
class BasicLogins implements AuthenticationProvider {

    static final int FREE_FAILURES = 5;
    private static final Duration REMEMBERED = Duration.ofMinutes(5);
    private static final Duration MAX_LOCK = Duration.ofMinutes(15);

    /**
     * Too many failures: answered 429 with Retry-After by the entry point. An account status exception, so the
     * provider manager does not ask another provider to check the password anyway.
     */
    static class Locked extends LockedException {
        final long retryAfterSeconds;

        Locked(long retryAfterSeconds) {
            super("too many failed logins");
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    private record Failures(int count, Instant lockedUntil) {
    }

    private final DaoAuthenticationProvider passwords;
    private final UserDetailsService users;
    private final CredentialStore credentials;
    private final Clock clock;
    private final Map<String, Instant> remembered = new ConcurrentHashMap<>();
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    BasicLogins(UserDetailsService users, PasswordEncoder encoder, CredentialStore credentials, Clock clock) {
        this.passwords = new DaoAuthenticationProvider(users);
        this.passwords.setPasswordEncoder(encoder);
        this.users = users;
        this.credentials = credentials;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication login) {
        String user = login.getName();
        String password = String.valueOf(login.getCredentials());
        String source = login.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : "?";
        String attempt = user + "@" + source;
        Instant now = clock.instant();
        Failures failed = failures.get(attempt);
        if (failed != null && failed.lockedUntil() != null && failed.lockedUntil().isAfter(now)) {
            throw new Locked(Math.max(1, Duration.between(now, failed.lockedUntil()).toSeconds() + 1));
        }
        String storedHash = credentials.user(user).map(CredentialStore.User::passwordHash).orElse("");
        String key = Checksums.sha256(user + "\0" + password + "\0" + storedHash);
        Instant until = remembered.get(key);
        if (until != null && until.isAfter(now)) {
            UserDetails details = users.loadUserByUsername(user);
            return UsernamePasswordAuthenticationToken.authenticated(details, null, details.getAuthorities());
        }
        try {
            Authentication authenticated = passwords.authenticate(login);
            remembered.put(key, now.plus(REMEMBERED));
            failures.remove(attempt);
            return authenticated;
        } catch (BadCredentialsException e) {
            int count = failed == null ? 1 : failed.count() + 1;
            Instant lockedUntil = count < FREE_FAILURES ? null
                    : now.plus(min(Duration.ofSeconds(1L << Math.min(count - FREE_FAILURES, 20)), MAX_LOCK));
            failures.put(attempt, new Failures(count, lockedUntil));
            throw e;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
