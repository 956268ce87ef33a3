package dev.nubo.core.store;

import java.util.List;

import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;

/**
 * Namespaces are tenants; {@code default} exists from the first start. {@link JdbcNamespaceStore} on H2/PostgreSQL,
 * or the Tenant custom resources on the Kubernetes backend (platform-kubernetes).
 */
public interface NamespaceStore {

    String DEFAULT = "default";

    /** The names, sorted. */
    List<String> list();

    boolean exists(String name);

    /** @throws dev.nubo.core.problem.ProblemException 409 when it exists */
    void create(String name);

    /**
     * Deletes an empty namespace; one that still holds resources (or secrets) is refused (409), {@code default} too.
     *
     * @throws dev.nubo.core.problem.ProblemException 404 when missing
     */
    void delete(String name);

    /** The problems every implementation reports, with the same codes and words. */
    static ProblemException alreadyExists(String name) {
        return ProblemException.conflict(ProblemCodes.NAMESPACE_EXISTS, "namespace " + name + " already exists");
    }

    static ProblemException notFound(String name) {
        return ProblemException.notFound(ProblemCodes.NAMESPACE_NOT_FOUND, "namespace " + name + " does not exist");
    }

    static ProblemException defaultProtected() {
        return ProblemException.conflict(ProblemCodes.NAMESPACE_PROTECTED, "namespace default cannot be deleted");
    }

    static ProblemException notEmpty(String name, long held) {
        return ProblemException.conflict(ProblemCodes.NAMESPACE_NOT_EMPTY,
                "namespace " + name + " still holds " + held + " resources; delete them first");
    }
}
