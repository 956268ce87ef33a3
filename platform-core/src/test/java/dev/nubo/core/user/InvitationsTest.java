package dev.nubo.core.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import com.zaxxer.hikari.HikariDataSource;

import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.testing.TestDatabases;
import dev.nubo.core.validation.ValidationException;

/** Invitations against a real store: a role no higher than the inviter's, one use, expiry, codes stored hashed. */
class InvitationsTest {

    private static final String PASSWORD = "correct horse battery";
    private static final Set<String> ANY_NAMESPACE = Set.of("shop");

    @TempDir
    Path dir;
    private HikariDataSource dataSource;
    private JdbcTemplate jdbc;
    private final InvokeCredentialsTest.MovingClock clock =
            new InvokeCredentialsTest.MovingClock(Instant.parse("2026-12-04T09:00:00Z"));
    private CredentialStore credentials;
    private Members members;
    private Invitations invitations;
    private final Caller admin = Caller.user("ann", false);

    @BeforeEach
    void store() {
        dataSource = TestDatabases.h2(dir);
        jdbc = new JdbcTemplate(dataSource);
        credentials = new CredentialStore(jdbc, PasswordEncoderFactories.createDelegatingPasswordEncoder(), clock);
        members = new Members(jdbc, clock);
        invitations = new Invitations(jdbc, credentials, members, new NamespaceAccess(members), clock);
        credentials.saveUser("ann", PASSWORD, Roles.USER);
        members.put("shop", "ann", NamespaceRole.ADMIN);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void anInviteeCreatesTheirUserOnceAndStartsAsAMemberWithTheInvitedRole() {
        Invitations.Issued issued = invitations.invite(admin, "shop", "developer", null);
        assertThat(issued.invitation().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
        assertThat(jdbc.queryForList("SELECT code_hash FROM namespace_invitations", String.class))
                .as("the code is stored as a hash only").containsExactly(CredentialStore.hash(issued.code()));
        assertThat(invitations.pending("shop")).extracting(Invitations.Invitation::invitedBy).containsExactly("ann");

        invitations.accept(issued.code(), "bea", PASSWORD, ANY_NAMESPACE::contains);

        assertThat(credentials.user("bea")).hasValueSatisfying(u -> assertThat(u.role()).isEqualTo(Roles.USER));
        assertThat(credentials.passwordMatches(credentials.user("bea").orElseThrow(), PASSWORD)).isTrue();
        assertThat(members.role("shop", "bea")).contains(NamespaceRole.DEVELOPER);
        assertThat(invitations.pending("shop")).isEmpty();
        assertNotFound(() -> invitations.accept(issued.code(), "cid", PASSWORD, ANY_NAMESPACE::contains));
        assertThat(credentials.user("cid")).isEmpty();
    }

    @Test
    void aTakenNameOrABadPasswordLeavesTheInvitationUsable() {
        Invitations.Issued issued = invitations.invite(admin, "shop", "viewer", 1);

        assertThatThrownBy(() -> invitations.accept(issued.code(), "ann", "an attacker's password", ANY_NAMESPACE::contains))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo(ProblemCodes.USER_EXISTS));
        assertThat(credentials.passwordMatches(credentials.user("ann").orElseThrow(), PASSWORD))
                .as("an invitation never changes an existing user").isTrue();
        assertThatThrownBy(() -> invitations.accept(issued.code(), "bea", "short", ANY_NAMESPACE::contains))
                .isInstanceOf(ValidationException.class);

        invitations.accept(issued.code(), "bea", PASSWORD, ANY_NAMESPACE::contains);
        assertThat(members.role("shop", "bea")).contains(NamespaceRole.VIEWER);
    }

    @Test
    void expiredRevokedAndUnknownCodesAnswerAlike() {
        Invitations.Issued expiring = invitations.invite(admin, "shop", "viewer", 1);
        Invitations.Issued revoked = invitations.invite(admin, "shop", "viewer", 30);
        invitations.revoke("shop", revoked.invitation().id());
        clock.advance(Duration.ofDays(1).plusSeconds(1));

        assertThat(invitations.pending("shop")).isEmpty();
        assertNotFound(() -> invitations.accept(expiring.code(), "bea", PASSWORD, ANY_NAMESPACE::contains));
        assertNotFound(() -> invitations.accept(revoked.code(), "bea", PASSWORD, ANY_NAMESPACE::contains));
        assertNotFound(() -> invitations.accept(Invitations.CODE_PREFIX + "guess", "bea", PASSWORD,
                ANY_NAMESPACE::contains));
        assertThat(credentials.user("bea")).isEmpty();

        Invitations.Issued orphan = invitations.invite(admin, "shop", "viewer", 1);
        assertNotFound(() -> invitations.accept(orphan.code(), "bea", PASSWORD, namespace -> false));
    }

    @Test
    void anInvitationGivesNoMoreThanTheInvitersRoleAndNothingOutsideTheirNamespaces() {
        Caller cappedToken = new Caller("ann", false, Set.of("shop"), NamespaceRole.DEVELOPER);
        assertThatThrownBy(() -> invitations.invite(cappedToken, "shop", "admin", null))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> invitations.invite(admin, "elsewhere", "viewer", null))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.code()).isEqualTo(ProblemCodes.NAMESPACE_NOT_FOUND));
        assertThatThrownBy(() -> invitations.invite(admin, "shop", "owner", 31))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors()).hasSize(2));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM namespace_invitations", Integer.class)).isZero();
    }

    private static void assertNotFound(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.code()).isEqualTo(ProblemCodes.INVITATION_NOT_FOUND));
    }
}
