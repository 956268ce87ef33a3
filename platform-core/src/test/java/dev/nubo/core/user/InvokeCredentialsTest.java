package dev.nubo.core.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import com.zaxxer.hikari.HikariDataSource;

import dev.nubo.core.testing.TestDatabases;
import dev.nubo.core.user.InvokeCredentials.Outcome;
import dev.nubo.core.user.InvokeCredentials.Verdict;

/** Gateway credentials against a real store: tokens, passwords, roles per namespace, expiry, lockout. */
class InvokeCredentialsTest {

    private static final String PASSWORD = "correct horse";

    @TempDir
    Path dir;
    private HikariDataSource dataSource;
    private final MovingClock clock = new MovingClock(Instant.parse("2026-12-04T09:00:00Z"));
    private final AtomicInteger bcryptChecks = new AtomicInteger();
    private CredentialStore credentials;
    private Members members;
    private InvokeCredentials invoke;

    @BeforeEach
    void store() {
        dataSource = TestDatabases.h2(dir);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        PasswordEncoder real = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        PasswordEncoder counting = new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                return real.encode(raw);
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                bcryptChecks.incrementAndGet();
                return real.matches(raw, encoded);
            }
        };
        credentials = new CredentialStore(jdbc, counting, clock);
        members = new Members(jdbc, clock);
        invoke = new InvokeCredentials(credentials, members, new NamespaceAccess(members),
                new PasswordLogins(credentials, counting, clock));
        for (String user : new String[] {"dev", "viewer", "outsider"}) {
            credentials.saveUser(user, PASSWORD, Roles.USER);
        }
        members.put("shop", "dev", NamespaceRole.DEVELOPER);
        members.put("shop", "viewer", NamespaceRole.VIEWER);
        members.put("other", "outsider", NamespaceRole.ADMIN);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void aTokenMayInvokeWhereItsUserIsDeveloperOrMoreWithinItsScope() {
        String dev = credentials.issueToken("dev", "ci", NamespaceRole.DEVELOPER, Set.of("shop"), null).value();
        String capped = credentials.issueToken("dev", "ro", NamespaceRole.VIEWER, Set.of("shop"), null).value();
        String viewer = credentials.issueToken("viewer", "v", NamespaceRole.ADMIN, null, null).value();
        String outsider = credentials.issueToken("outsider", "o", NamespaceRole.ADMIN, null, null).value();
        Instant until = clock.instant().plusSeconds(10);

        assertThat(invoke.token(dev, "shop", until).outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(invoke.token(dev, "other", until).outcome()).isEqualTo(Outcome.NO_ROLE);
        assertThat(invoke.token(capped, "shop", until).outcome()).isEqualTo(Outcome.FORBIDDEN);
        assertThat(invoke.token(viewer, "shop", until).outcome()).isEqualTo(Outcome.FORBIDDEN);
        assertThat(invoke.token(outsider, "shop", until).outcome()).isEqualTo(Outcome.NO_ROLE);
        assertThat(invoke.token("nubo_unknown", "shop", until).outcome()).isEqualTo(Outcome.UNAUTHENTICATED);
    }

    @Test
    void aVerdictIsReusableUntilTheTokenExpiresAndChangesAreCounted() {
        Instant expires = clock.instant().plusSeconds(3);
        String dev = credentials.issueToken("dev", "short", NamespaceRole.DEVELOPER, null, expires).value();
        Verdict verdict = invoke.token(dev, "shop", clock.instant().plusSeconds(10));
        assertThat(verdict.outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(verdict.validUntil()).isEqualTo(expires);
        clock.advance(Duration.ofSeconds(4));
        assertThat(invoke.token(dev, "shop", clock.instant().plusSeconds(10)).outcome())
                .isEqualTo(Outcome.UNAUTHENTICATED);

        long before = invoke.changes();
        members.put("shop", "dev", NamespaceRole.VIEWER);
        assertThat(invoke.changes()).isGreaterThan(before);
        long afterRole = invoke.changes();
        credentials.revokeToken("dev", credentials.tokens("dev").getFirst().id());
        assertThat(invoke.changes()).isGreaterThan(afterRole);
    }

    @Test
    void passwordsAreCheckedOnceThenRememberedAndGuessingLocksOut() {
        Instant until = clock.instant().plusSeconds(10);
        assertThat(invoke.basic(basic("dev", PASSWORD), "shop", "10.0.0.1", until).outcome())
                .isEqualTo(Outcome.ALLOWED);
        int afterFirst = bcryptChecks.get();
        assertThat(invoke.basic(basic("dev", PASSWORD), "shop", "10.0.0.1", until).outcome())
                .isEqualTo(Outcome.ALLOWED);
        assertThat(bcryptChecks.get()).as("a remembered password costs no bcrypt").isEqualTo(afterFirst);
        assertThat(invoke.basic(basic("viewer", PASSWORD), "shop", "10.0.0.1", until).outcome())
                .isEqualTo(Outcome.FORBIDDEN);
        assertThat(invoke.basic(basic("outsider", PASSWORD), "shop", "10.0.0.1", until).outcome())
                .isEqualTo(Outcome.NO_ROLE);
        assertThat(invoke.basic("!!not base64", "shop", "10.0.0.1", until).outcome())
                .isEqualTo(Outcome.UNAUTHENTICATED);

        for (int i = 0; i < PasswordLogins.FREE_FAILURES; i++) {
            Verdict wrong = invoke.basic(basic("dev", "guess " + i), "shop", "10.0.0.2", until);
            assertThat(wrong.outcome()).isEqualTo(Outcome.UNAUTHENTICATED);
            assertThat(wrong.validUntil()).as("a refusal is never reused: each counts").isNull();
        }
        int beforeLocked = bcryptChecks.get();
        Verdict locked = invoke.basic(basic("dev", PASSWORD), "shop", "10.0.0.2", until);
        assertThat(locked.outcome()).isEqualTo(Outcome.LOCKED);
        assertThat(locked.retryAfterSeconds()).isBetween(1L, 2L);
        assertThat(bcryptChecks.get()).as("a locked user costs no bcrypt").isEqualTo(beforeLocked);
        assertThat(invoke.basic(basic("dev", PASSWORD), "shop", "10.0.0.1", until).outcome())
                .as("locked per source").isEqualTo(Outcome.ALLOWED);
        clock.advance(Duration.ofSeconds(3));
        assertThat(invoke.basic(basic("dev", PASSWORD), "shop", "10.0.0.2", until).outcome())
                .isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void aChangedPasswordIsNoLongerRemembered() {
        Instant until = clock.instant().plusSeconds(10);
        assertThat(invoke.basic(basic("dev", PASSWORD), "shop", "a", until).outcome()).isEqualTo(Outcome.ALLOWED);
        credentials.saveUser("dev", "new password", Roles.USER);
        assertThat(invoke.basic(basic("dev", PASSWORD), "shop", "a", until).outcome())
                .isEqualTo(Outcome.UNAUTHENTICATED);
        assertThat(invoke.basic(basic("dev", "new password"), "shop", "a", until).outcome())
                .isEqualTo(Outcome.ALLOWED);
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        private volatile Instant now;

        MovingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
