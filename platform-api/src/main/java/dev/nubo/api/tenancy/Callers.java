package dev.nubo.api.tenancy;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.user.Caller;
import dev.nubo.core.user.CredentialStore;
import dev.nubo.core.user.Roles;

/** The {@link Caller} of the current request: the authenticated user, and the token's limits when they sent one. */
@Component
public class Callers {

    private final CredentialStore credentials;

    Callers(CredentialStore credentials) {
        this.credentials = credentials;
    }

    public Caller current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            throw new ProblemException(401, ProblemCodes.UNAUTHORIZED, "Unauthorized", "authenticate first");
        }
        String name = authentication.getName();
        boolean platformAdmin = credentials.user(name).map(u -> Roles.ADMIN.equals(u.role())).orElse(false);
        if (authentication.getDetails() instanceof CredentialStore.Token token) {
            return token.caller(platformAdmin);
        }
        return Caller.user(name, platformAdmin);
    }
}
