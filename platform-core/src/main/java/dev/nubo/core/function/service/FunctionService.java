package dev.nubo.core.function.service;

import java.util.List;

import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionLimits;
import dev.nubo.core.function.FunctionStatus;
import dev.nubo.core.function.FunctionValidator;
import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.quota.NamespaceQuotas;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.core.store.NamespaceStore;

/** The function use cases the API and the console share: create, replace, read, list, delete. */
public class FunctionService {

    private final FunctionStore store;
    private final NamespaceStore namespaces;
    private final FunctionValidator validator;
    private final FunctionLimits limits;
    private final NamespaceQuotas quotas;

    public FunctionService(FunctionStore store, NamespaceStore namespaces, FunctionValidator validator, FunctionLimits limits,
            NamespaceQuotas quotas) {
        this.store = store;
        this.namespaces = namespaces;
        this.validator = validator;
        this.limits = limits;
        this.quotas = quotas;
    }

    public Function create(String namespace, Function submitted) {
        requireNamespace(namespace);
        Function function = normalise(namespace, submitted, null);
        validator.check(function);
        quotas.checkFunction(namespace, function, false);
        return store.create(function.withStatus(FunctionStatus.pending()));
    }

    /**
     * What {@link #create} would store, without storing it: the namespace must exist and the function must pass the
     * same validation (the console checks a form as it is typed).
     */
    public Function check(String namespace, Function submitted) {
        requireNamespace(namespace);
        Function function = normalise(namespace, submitted, null);
        validator.check(function);
        return function;
    }

    /** Replaces spec and labels; a resourceVersion in the body must be current (409 otherwise). */
    public Function replace(String namespace, String name, Function submitted) {
        requireNamespace(namespace);
        Function function = normalise(namespace, submitted, name);
        validator.check(function);
        quotas.checkFunction(namespace, function, true);
        return store.update(function);
    }

    public Function get(String namespace, String name) {
        return store.get(namespace, name).orElseThrow(() -> notFound(namespace, name));
    }

    public List<Function> list(String namespace) {
        List<Function> functions = store.list(namespace);
        if (functions.isEmpty()) {
            requireNamespace(namespace);
        }
        return functions;
    }

    public Function delete(String namespace, String name) {
        return store.delete(namespace, name).orElseThrow(() -> notFound(namespace, name));
    }

    /** The submitted function with the request's identity ({@link ObjectMeta#submitted}) and the defaults filled. */
    private Function normalise(String namespace, Function submitted, String pathName) {
        ObjectMeta clean = ObjectMeta.submitted(submitted.metadata(), namespace, pathName, "function");
        Function function = Function.of(clean, submitted.spec());
        return function.spec() == null ? function : function.withSpec(function.spec().withDefaults(
                limits.defaultTimeoutSeconds()));
    }

    private void requireNamespace(String namespace) {
        if (!namespaces.exists(namespace)) {
            throw ProblemException.notFound(ProblemCodes.NAMESPACE_NOT_FOUND, "namespace " + namespace + " does not exist");
        }
    }

    /** Only asked when a lookup found nothing: which of the two is missing decides the code. */
    private ProblemException notFound(String namespace, String name) {
        requireNamespace(namespace);
        return ProblemException.notFound(ProblemCodes.FUNCTION_NOT_FOUND,
                "function " + name + " not found in namespace " + namespace);
    }
}
