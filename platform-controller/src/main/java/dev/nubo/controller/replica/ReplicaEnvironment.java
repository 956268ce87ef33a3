package dev.nubo.controller.replica;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.nubo.controller.build.BuiltFunction;
import dev.nubo.controller.process.RunRecords;
import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionContract;

/**
 * The complete environment of a replica: the runtime's base (PATH, HOME, LANG, runtime.json env), the function's
 * own env, then the contract's variables, which the function cannot override. Nothing of the platform's own
 * environment (credentials, JDBC URL) is in it. Pure, so it is tested without starting anything.
 */
public final class ReplicaEnvironment {

    private ReplicaEnvironment() {
    }

    public static Map<String, String> of(Function function, BuiltFunction built, String host, int port,
            String instanceId) {
        return of(function, built, host, port, instanceId, Map.of());
    }

    /** @param secretEnv variables the function takes from its secrets (after its own env, before the contract's) */
    public static Map<String, String> of(Function function, BuiltFunction built, String host, int port,
            String instanceId, Map<String, String> secretEnv) {
        Map<String, String> env = new LinkedHashMap<>(built.commands().startEnvironment());
        env.putAll(function.spec().env());
        env.putAll(secretEnv);
        env.putAll(contractVariables(function, built));
        env.put("FUNC_PORT", Integer.toString(port));
        env.put("FUNC_HOST", host);
        env.put(RunRecords.INSTANCE_VARIABLE, instanceId);
        return env;
    }

    /** The function contract's variables (docs/function-contract.md) that do not depend on the replica. */
    public static Map<String, String> contractVariables(Function function, BuiltFunction built) {
        return FunctionContract.variables(function.name(), function.spec(), built.codeDir().toString(),
                built.depsDir().toString());
    }
}
