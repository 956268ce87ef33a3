package dev.nubo.api.tenancy;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.nubo.core.user.ApiTokens;
import dev.nubo.core.user.CredentialStore;

/**
 * {@code /api/v1/tokens}: a user's own API tokens, through the same use case as the console's token page
 * ({@link ApiTokens}: limited to the user's namespaces and role, expiring, shown once, stored hashed, revocable).
 */
@RestController
class TokensController {

    private final ApiTokens tokens;
    private final Callers callers;

    TokensController(ApiTokens tokens, Callers callers) {
        this.tokens = tokens;
        this.callers = callers;
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
        return Map.of("kind", "TokenList", "items", tokens.list(callers.current()).stream()
                .map(t -> TokenView.of(t, null)).toList());
    }

    @PostMapping(path = "/api/v1/tokens", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    TokenView create(@RequestBody NewToken request) {
        var issued = tokens.issue(callers.current(), request == null ? null : new ApiTokens.Request(request.name(),
                request.namespaces() == null ? null : new LinkedHashSet<>(request.namespaces()), request.role(),
                request.expiresInDays()));
        return TokenView.of(issued.token(), issued.value());
    }

    @DeleteMapping(path = "/api/v1/tokens/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> revoke(@PathVariable String id) {
        tokens.revoke(callers.current(), id);
        return Map.of("kind", "Status", "status", "Success");
    }
}
