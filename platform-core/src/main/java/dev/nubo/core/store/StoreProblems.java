package dev.nubo.core.store;

import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;

/** The problems a {@link ResourceStore} reports, with the same codes and words whatever backs it. */
public final class StoreProblems {

    private StoreProblems() {
    }

    /** 409 {@code <KIND>_EXISTS}. */
    public static ProblemException exists(String kind, String namespace, String name) {
        return ProblemException.conflict(kind.toUpperCase() + "_EXISTS",
                kind + " " + name + " already exists in namespace " + namespace);
    }

    /** 404 {@code <KIND>_NOT_FOUND}. */
    public static ProblemException notFound(String kind, String namespace, String name) {
        return ProblemException.notFound(kind.toUpperCase() + "_NOT_FOUND",
                kind + " " + name + " not found in namespace " + namespace);
    }

    /** 409 {@code RESOURCE_VERSION_CONFLICT}: the writer read an older version than the stored one. */
    public static ProblemException staleVersion(String kind, String name, String expected, String current) {
        return ProblemException.conflict(ProblemCodes.RESOURCE_VERSION_CONFLICT, kind + " " + name
                + " was changed since resourceVersion " + expected + " (now " + current
                + "): read it again and reapply your change");
    }
}
