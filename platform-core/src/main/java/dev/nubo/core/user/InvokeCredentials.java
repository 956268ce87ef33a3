package dev.nubo.core.user;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Whether the credentials of a call through the gateway may invoke functions of a namespace: a tenant API token
 * (Bearer) or a platform user's password (HTTP Basic), with the caller's role in that namespace — developer or higher
 * ({@link NamespaceRole.Action#WRITE}, as the API's invoke) — capped by the token. Reads the store and may cost a
 * bcrypt round: callers on an event loop run it elsewhere and remember the verdict until {@link Verdict#validUntil}.
 */
public class InvokeCredentials {

    /** What the gateway answers. */
    public enum Outcome {
        /** May invoke. */
        ALLOWED,
        /** Missing, unknown, expired or revoked credentials, or a wrong password: 401. */
        UNAUTHENTICATED,
        /** Valid credentials without any role in the namespace: answered as a function that does not exist (404). */
        NO_ROLE,
        /** A role that does not allow invoking (viewer, or a token capped at viewer): 403. */
        FORBIDDEN,
        /** Too many wrong passwords of this user from this address: 429 with Retry-After. */
        LOCKED
    }

    /**
     * @param validUntil        how long the verdict may be reused without asking the store again (a token's expiry
     *                          caps it); null: do not reuse (a refused password must be counted each time)
     * @param retryAfterSeconds LOCKED: the wait
     * @param role              the effective role in the namespace, when there is one
     */
    public record Verdict(Outcome outcome, Instant validUntil, long retryAfterSeconds, NamespaceRole role) {

        static Verdict of(Outcome outcome) {
            return new Verdict(outcome, null, 0, null);
        }
    }

    private final CredentialStore credentials;
    private final NamespaceAccess access;
    private final PasswordLogins logins;
    private final Members members;

    public InvokeCredentials(CredentialStore credentials, Members members, NamespaceAccess access,
            PasswordLogins logins) {
        this.credentials = credentials;
        this.members = members;
        this.access = access;
        this.logins = logins;
    }

    /**
     * Changes with every change of users, tokens and memberships made through this instance: a remembered verdict
     * older than the current value is asked again (others' changes: at its {@code validUntil}).
     */
    public long changes() {
        return credentials.changes() + members.changes();
    }

    /** A tenant API token's right to invoke in {@code namespace}. */
    public Verdict token(String token, String namespace, Instant rememberUntil) {
        Optional<CredentialStore.Token> found = token == null ? Optional.empty() : credentials.token(token);
        if (found.isEmpty()) {
            return new Verdict(Outcome.UNAUTHENTICATED, rememberUntil, 0, null);
        }
        CredentialStore.Token t = found.get();
        boolean platformAdmin = credentials.user(t.subject()).map(u -> Roles.ADMIN.equals(u.role())).orElse(false);
        Instant until = t.expiresAt() != null && t.expiresAt().isBefore(rememberUntil) ? t.expiresAt() : rememberUntil;
        return decide(t.caller(platformAdmin), namespace, until);
    }

    /** HTTP Basic credentials ({@code user:password} as sent, base64) of a platform user, from {@code source}. */
    public Verdict basic(String base64, String namespace, String source, Instant rememberUntil) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Verdict.of(Outcome.UNAUTHENTICATED);
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Verdict.of(Outcome.UNAUTHENTICATED);
        }
        PasswordLogins.Outcome login = logins.check(decoded.substring(0, colon), decoded.substring(colon + 1), source);
        return switch (login) {
            case PasswordLogins.Locked locked -> new Verdict(Outcome.LOCKED, null, locked.retryAfterSeconds(), null);
            case PasswordLogins.Refused refused -> Verdict.of(Outcome.UNAUTHENTICATED);
            case PasswordLogins.Accepted accepted -> decide(
                    Caller.user(accepted.user().name(), Roles.ADMIN.equals(accepted.user().role())), namespace,
                    rememberUntil);
        };
    }

    private Verdict decide(Caller caller, String namespace, Instant until) {
        Optional<NamespaceRole> role = access.role(caller, namespace);
        if (role.isEmpty()) {
            return new Verdict(Outcome.NO_ROLE, until, 0, null);
        }
        return new Verdict(role.get().allows(NamespaceRole.Action.WRITE) ? Outcome.ALLOWED : Outcome.FORBIDDEN, until,
                0, role.get());
    }
}
