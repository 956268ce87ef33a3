package dev.nubo.core.store;

import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionSpec;
import dev.nubo.core.function.FunctionStatus;

/**
 * The stored Functions: {@link JdbcFunctionStore} on H2/PostgreSQL, or the Function custom resources on the Kubernetes backend
 * (platform-kubernetes).
 */
public interface FunctionStore extends ResourceStore<Function, FunctionSpec, FunctionStatus> {
}
