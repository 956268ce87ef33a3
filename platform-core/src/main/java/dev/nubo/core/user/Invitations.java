package dev.nubo.core.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.ValidationException;

/**
 * The second way to a user (the first: a platform administrator creates one): a namespace admin invites someone with
 * a role in that namespace, and the one-time code lets them create their own user, who starts as a member with that
 * role. The code is shown once and stored as a SHA-256, like a token; it expires, and an accepted or revoked one
 * answers exactly as a code that never existed.
 */
public class Invitations {

    public static final String CODE_PREFIX = "nubo_inv_";
    public static final int DEFAULT_DAYS = 7;
    public static final int MAX_DAYS = 30;
    private static final String COLUMNS = "id, namespace, role, invited_by, created_at, expires_at";

    public record Invitation(String id, String namespace, NamespaceRole role, String invitedBy, Instant createdAt,
            Instant expiresAt) {
    }

    /** A new invitation: its code is shown this once. */
    public record Issued(Invitation invitation, String code) {
    }

    private final JdbcTemplate jdbc;
    private final CredentialStore credentials;
    private final Members members;
    private final NamespaceAccess access;
    private final Clock clock;

    public Invitations(JdbcTemplate jdbc, CredentialStore credentials, Members members, NamespaceAccess access,
            Clock clock) {
        this.jdbc = jdbc;
        this.credentials = credentials;
        this.members = members;
        this.access = access;
        this.clock = clock;
    }

    /**
     * Invites someone into {@code namespace} with {@code role} (no higher than the caller's own there: 403);
     * {@code expiresInDays} null: {@value #DEFAULT_DAYS}. The caller's right to manage the namespace is checked by
     * the service before this.
     */
    public Issued invite(Caller caller, String namespace, String role, Integer expiresInDays) {
        List<FieldError> errors = new ArrayList<>();
        NamespaceRole invited = NamespaceRole.parse(role).orElse(null);
        if (invited == null) {
            errors.add(new FieldError("role", "ROLE_INVALID", "must be one of viewer, developer, admin"));
        }
        int days = expiresInDays == null ? DEFAULT_DAYS : expiresInDays;
        if (days < 1 || days > MAX_DAYS) {
            errors.add(new FieldError("expiresInDays", "EXPIRY_INVALID", "1 to " + MAX_DAYS + " days"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        NamespaceRole held = access.role(caller, namespace).orElseThrow(() -> NamespaceAccess.hidden(namespace));
        if (invited.compareTo(held) > 0) {
            throw new ProblemException(403, ProblemCodes.FORBIDDEN, "Forbidden", "your role in " + namespace + " is "
                    + held.id() + ": an invitation cannot give more (" + invited.id() + ")");
        }
        String code = CredentialStore.newSecret(CODE_PREFIX);
        Instant now = clock.instant();
        Invitation invitation = new Invitation(UUID.randomUUID().toString(), namespace, invited, caller.name(), now,
                now.plus(Duration.ofDays(days)));
        store(invitation, code);
        return new Issued(invitation, code);
    }

    /** The namespace's invitations not yet accepted, revoked or expired (never their codes). */
    public List<Invitation> pending(String namespace) {
        return jdbc.query("SELECT " + COLUMNS + " FROM namespace_invitations WHERE namespace = ? AND expires_at > ?"
                + " ORDER BY created_at, id", Invitations::invitation, namespace, clock.instant().atOffset(ZoneOffset.UTC));
    }

    public void revoke(String namespace, String id) {
        if (jdbc.update("DELETE FROM namespace_invitations WHERE namespace = ? AND id = ?", namespace, id) == 0) {
            throw notFound();
        }
    }

    /**
     * Creates the user {@code name} with {@code password} as a member of the invitation's namespace with its role,
     * and uses the invitation up. A bad name or password is 422 and a taken name 409, both leaving the invitation
     * usable; an unknown, used or expired code is 404. {@code namespaceExists} is asked before anything is written.
     */
    public Invitation accept(String code, String name, String password,
            java.util.function.Predicate<String> namespaceExists) {
        List<FieldError> errors = CredentialStore.newUserErrors(name, password);
        if (code == null || code.isBlank()) {
            errors.add(new FieldError("code", "CODE_REQUIRED", "the invitation's code"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        Instant now = clock.instant();
        Invitation invitation = jdbc.query("SELECT " + COLUMNS + " FROM namespace_invitations WHERE code_hash = ?"
                + " AND expires_at > ?", Invitations::invitation, CredentialStore.hash(code), now.atOffset(ZoneOffset.UTC))
                .stream().findFirst().filter(i -> namespaceExists.test(i.namespace())).orElseThrow(Invitations::notFound);
        if (credentials.user(name).isPresent()) {
            throw ProblemException.conflict(ProblemCodes.USER_EXISTS, "user " + name + " already exists: choose another");
        }
        // using it up first: of two accepts of one code, one wins
        if (jdbc.update("DELETE FROM namespace_invitations WHERE id = ?", invitation.id()) == 0) {
            throw notFound();
        }
        if (!credentials.createUser(name, password, Roles.USER)) {
            store(invitation, code); // the name was taken in the meantime: the invitation stays usable
            throw ProblemException.conflict(ProblemCodes.USER_EXISTS, "user " + name + " already exists: choose another");
        }
        members.put(invitation.namespace(), name, invitation.role());
        return invitation;
    }

    /** A deleted namespace's invitations go with it. */
    public void forgetNamespace(String namespace) {
        jdbc.update("DELETE FROM namespace_invitations WHERE namespace = ?", namespace);
    }

    private static ProblemException notFound() {
        return ProblemException.notFound(ProblemCodes.INVITATION_NOT_FOUND,
                "no such invitation: it may have been used, revoked or expired");
    }

    private static Invitation invitation(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Invitation(rs.getString(1), rs.getString(2), NamespaceRole.parse(rs.getString(3)).orElseThrow(),
                rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant(),
                rs.getObject(6, OffsetDateTime.class).toInstant());
    }

    private void store(Invitation invitation, String code) {
        jdbc.update("INSERT INTO namespace_invitations (id, code_hash, namespace, role, invited_by, created_at,"
                + " expires_at) VALUES (?,?,?,?,?,?,?)", invitation.id(), CredentialStore.hash(code),
                invitation.namespace(), invitation.role().id(), invitation.invitedBy(),
                invitation.createdAt().atOffset(ZoneOffset.UTC), invitation.expiresAt().atOffset(ZoneOffset.UTC));
    }
}
