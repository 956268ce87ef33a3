package dev.nubo.core.function;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment variables of docs/function-contract.md that say which function a runtime server runs: the same
 * for a local replica and a Kubernetes pod; only where the code and dependencies lie differs.
 */
public final class FunctionContract {

    private FunctionContract() {
    }

    /**
     * @param codeDir where the function's code is ({@code KUBELESS_INSTALL_VOLUME})
     * @param depsDir where its installed dependencies are ({@code NUBO_DEPS_DIR})
     */
    public static Map<String, String> variables(String functionName, FunctionSpec spec, String codeDir,
            String depsDir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FUNC_HANDLER", spec.functionName());
        env.put("MOD_NAME", spec.moduleName());
        env.put("FUNC_TIMEOUT", Integer.toString(spec.timeoutOrDefault()));
        env.put("FUNC_RUNTIME", spec.runtime());
        env.put("FUNC_MEMORY_LIMIT", spec.resources() == null || spec.resources().memory() == null ? ""
                : spec.resources().memory());
        env.put("FUNC_NAME", functionName);
        env.put("KUBELESS_INSTALL_VOLUME", codeDir);
        env.put("NUBO_DEPS_DIR", depsDir);
        return env;
    }
}
