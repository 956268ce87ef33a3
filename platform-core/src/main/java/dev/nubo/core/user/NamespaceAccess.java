package dev.nubo.core.user;

import java.util.Optional;

import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;

/**
 * The one rule every service applies before it reads or changes anything of a namespace: a platform administrator may
 * do everything; anyone else what their role in that namespace allows, capped by the token they came with. A namespace
 * the caller has no role in answers exactly as one that does not exist (404), so names of other tenants never leak.
 */
public class NamespaceAccess {

    private final Members members;

    public NamespaceAccess(Members members) {
        this.members = members;
    }

    /** The caller's effective role in {@code namespace}, if any. */
    public Optional<NamespaceRole> role(Caller caller, String namespace) {
        if (caller.tokenNamespaces() != null && !caller.tokenNamespaces().contains(namespace)) {
            return Optional.empty();
        }
        Optional<NamespaceRole> role = caller.platformAdmin() ? Optional.of(NamespaceRole.ADMIN)
                : members.role(namespace, caller.name());
        return caller.tokenRole() == null ? role : role.map(r -> r.atMost(caller.tokenRole()));
    }

    public void require(Caller caller, String namespace, NamespaceRole.Action action) {
        NamespaceRole role = role(caller, namespace).orElseThrow(() -> hidden(namespace));
        if (!role.allows(action)) {
            throw new ProblemException(403, ProblemCodes.FORBIDDEN, "Forbidden", "your role in namespace " + namespace
                    + " is " + role.id() + ": it does not allow this (" + action.name().toLowerCase() + ")");
        }
    }

    public boolean sees(Caller caller, String namespace) {
        return role(caller, namespace).isPresent();
    }

    public void requirePlatformAdmin(Caller caller) {
        if (!caller.actsAsPlatformAdmin()) {
            throw new ProblemException(403, ProblemCodes.FORBIDDEN, "Forbidden",
                    "only a platform administrator (with an unrestricted credential) may do this");
        }
    }

    /** The same answer as for a namespace that does not exist. */
    public static ProblemException hidden(String namespace) {
        return ProblemException.notFound(ProblemCodes.NAMESPACE_NOT_FOUND, "namespace " + namespace + " does not exist");
    }
}
