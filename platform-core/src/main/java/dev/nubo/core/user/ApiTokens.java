package dev.nubo.core.user;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.ValidationException;

/**
 * A user's own API tokens, the one use case behind the API's {@code /api/v1/tokens} and the console's token page. A
 * token is limited to namespaces the user has a role in and to a role no higher than theirs there; it expires; its
 * value is shown once and stored hashed; it can be revoked.
 */
public class ApiTokens {

    public static final int MAX_DAYS = 366;
    public static final int DEFAULT_DAYS = 90;

    /**
     * What the user asks for. {@code namespaces} null: every namespace (a platform administrator only);
     * {@code expiresInDays} null: {@value #DEFAULT_DAYS}.
     */
    public record Request(String name, Set<String> namespaces, String role, Integer expiresInDays) {
    }

    private final CredentialStore credentials;
    private final NamespaceAccess access;
    private final Clock clock;

    public ApiTokens(CredentialStore credentials, NamespaceAccess access, Clock clock) {
        this.credentials = credentials;
        this.access = access;
        this.clock = clock;
    }

    public List<CredentialStore.Token> list(Caller caller) {
        return credentials.tokens(caller.name());
    }

    /** Every problem of the request at once (422); a role above the caller's own in a namespace is 403. */
    public CredentialStore.Issued issue(Caller caller, Request request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null || request.name() == null || request.name().isBlank() || request.name().length() > 63) {
            errors.add(new FieldError("name", "NAME_INVALID", "a name of 1 to 63 characters"));
        }
        NamespaceRole role = NamespaceRole.parse(request == null ? null : request.role()).orElse(null);
        if (role == null) {
            errors.add(new FieldError("role", "ROLE_INVALID", "must be one of viewer, developer, admin"));
        }
        int days = request == null || request.expiresInDays() == null ? DEFAULT_DAYS : request.expiresInDays();
        if (days < 1 || days > MAX_DAYS) {
            errors.add(new FieldError("expiresInDays", "EXPIRY_INVALID", "1 to " + MAX_DAYS + " days"));
        }
        Set<String> namespaces = request == null || request.namespaces() == null ? null
                : new LinkedHashSet<>(request.namespaces());
        if (namespaces == null && !caller.actsAsPlatformAdmin()) {
            errors.add(new FieldError("namespaces", "NAMESPACES_REQUIRED", "name the namespaces the token may use"));
        }
        if (namespaces != null && namespaces.isEmpty()) {
            errors.add(new FieldError("namespaces", "NAMESPACES_REQUIRED", "at least one namespace"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        if (namespaces != null) {
            for (String namespace : namespaces) {
                NamespaceRole held = access.role(caller, namespace).orElseThrow(() -> NamespaceAccess.hidden(namespace));
                if (role.compareTo(held) > 0) {
                    throw new ProblemException(403, ProblemCodes.FORBIDDEN, "Forbidden", "your role in " + namespace
                            + " is " + held.id() + ": a token cannot hold more (" + role.id() + ")");
                }
            }
        } // else: only an unrestricted platform administrator may leave namespaces out (checked above)
        return credentials.issueToken(caller.name(), request.name(), role, namespaces,
                clock.instant().plus(Duration.ofDays(days)));
    }

    public void revoke(Caller caller, String id) {
        if (!credentials.revokeToken(caller.name(), id)) {
            throw ProblemException.notFound(ProblemCodes.TOKEN_NOT_FOUND, "you have no token " + id);
        }
    }
}
