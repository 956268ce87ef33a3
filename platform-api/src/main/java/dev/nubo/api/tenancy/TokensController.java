package dev.nubo.api.tenancy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.user.Caller;
import dev.nubo.core.user.CredentialStore;
import dev.nubo.core.user.NamespaceAccess;
import dev.nubo.core.user.NamespaceRole;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.ValidationException;

/**
 * {@code /api/v1/tokens}: a user's own API tokens. A token is limited to namespaces the user has a role in and to a
 * role no higher than theirs there; it expires; its value is shown once and stored hashed; it can be revoked.
 */
@RestController
class TokensController {

    private static final int MAX_DAYS = 366;

    private final CredentialStore credentials;
    private final NamespaceAccess access;
    private final Callers callers;
    private final Clock clock;

    TokensController(CredentialStore credentials, NamespaceAccess access, Callers callers, Clock clock) {
        this.credentials = credentials;
        this.access = access;
        this.callers = callers;
        this.clock = clock;
    }

    record NewToken(String name, List<String> namespaces, String role, Integer expiresInDays) {
    }

    record TokenView(String id, String name, List<String> namespaces, String role, Instant createdAt,
            Instant expiresAt, Instant lastUsedAt, String token) {

        static TokenView of(CredentialStore.Token token, String value) {
            return new TokenView(token.id(), token.name(), token.namespaces() == null ? null
                    : token.namespaces().stream().sorted().toList(), token.role(), token.createdAt(), token.expiresAt(),
                    token.lastUsedAt(), value);
        }
    }

    @GetMapping(path = "/api/v1/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> list() {
        return Map.of("kind", "TokenList", "items", credentials.tokens(callers.current().name()).stream()
                .map(t -> TokenView.of(t, null)).toList());
    }

    @PostMapping(path = "/api/v1/tokens", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    TokenView create(@RequestBody NewToken request) {
        Caller caller = callers.current();
        List<FieldError> errors = new ArrayList<>();
        if (request == null || request.name() == null || request.name().isBlank() || request.name().length() > 63) {
            errors.add(new FieldError("name", "NAME_INVALID", "a name of 1 to 63 characters"));
        }
        NamespaceRole role = NamespaceRole.parse(request == null ? null : request.role()).orElse(null);
        if (role == null) {
            errors.add(new FieldError("role", "ROLE_INVALID", "must be one of viewer, developer, admin"));
        }
        int days = request == null || request.expiresInDays() == null ? 90 : request.expiresInDays();
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
        var issued = credentials.issueToken(caller.name(), request.name(), role, namespaces,
                clock.instant().plus(Duration.ofDays(days)));
        return TokenView.of(issued.token(), issued.value());
    }

    @DeleteMapping(path = "/api/v1/tokens/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> revoke(@PathVariable String id) {
        if (!credentials.revokeToken(callers.current().name(), id)) {
            throw ProblemException.notFound(ProblemCodes.TOKEN_NOT_FOUND, "you have no token " + id);
        }
        return Map.of("kind", "Status", "status", "Success");
    }
}
