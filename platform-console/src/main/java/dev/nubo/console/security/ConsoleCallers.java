package dev.nubo.console.security;

import java.security.Principal;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.store.NamespaceStore;
import dev.nubo.core.user.Caller;
import dev.nubo.core.user.CredentialStore;
import dev.nubo.core.user.Members;
import dev.nubo.core.user.Roles;

/**
 * Who is using the console, as {@link dev.nubo.core.user.NamespaceAccess} checks it. A console session is a password
 * login, never a token, so the caller is the user with all their roles. Whether they are a platform administrator
 * is read from the store on each request, so a demotion takes effect without a new login.
 */
@Component
public class ConsoleCallers {

    private final CredentialStore credentials;
    private final Members members;
    private final NamespaceStore namespaces;

    ConsoleCallers(CredentialStore credentials, Members members, NamespaceStore namespaces) {
        this.credentials = credentials;
        this.members = members;
        this.namespaces = namespaces;
    }

    public Caller of(Principal principal) {
        if (principal == null) {
            throw new ProblemException(401, ProblemCodes.UNAUTHORIZED, "Unauthorized", "log in first");
        }
        String name = principal.getName();
        boolean platformAdmin = credentials.user(name).map(u -> Roles.ADMIN.equals(u.role())).orElse(false);
        return Caller.user(name, platformAdmin);
    }

    /** The namespaces the caller may open: every one for a platform administrator, else those they are a member of. */
    public List<String> visibleNamespaces(Caller caller) {
        if (caller.actsAsPlatformAdmin()) {
            return namespaces.list();
        }
        return members.memberships(caller.name()).stream().map(Members.Member::namespace).distinct().toList();
    }
}
