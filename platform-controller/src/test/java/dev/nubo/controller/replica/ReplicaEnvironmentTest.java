package dev.nubo.controller.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nubo.controller.TestRuntimes;
import dev.nubo.controller.build.BuiltFunction;
import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionSource;
import dev.nubo.core.function.Resources;
import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.runtime.RuntimeCommands;
import dev.nubo.core.testing.FunctionSpecBuilder;

class ReplicaEnvironmentTest {

    @TempDir
    Path dir;

    @Test
    void holdsTheContractTheRuntimesOwnVariablesAndTheFunctionsEnvAndNothingElse() {
        var runtime = TestRuntimes.shell(dir, "", null);
        Function function = Function.of(new ObjectMeta("hello", "team", Map.of(), "uid-1", 3L, "9", null),
                FunctionSpecBuilder.spec("shell1", "main.handle", FunctionSource.inline("x"))
                        .env(Map.of("GREETING", "hi")).timeoutSeconds(12).resources(new Resources("128Mi", null))
                        .build());
        BuiltFunction built = new BuiltFunction(3, runtime, Path.of("/code"), Path.of("/deps"), Path.of("/build"),
                new RuntimeCommands(runtime, Path.of("/code"), Path.of("/deps"), Path.of("/build"), Path.of("/cache"),
                        Path.of("/jdk")));

        Map<String, String> env = ReplicaEnvironment.of(function, built, "127.0.0.1", 41234, "instance-7");

        assertThat(env).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("PATH", RuntimeCommands.PATH), Map.entry("HOME", "/cache/home"), Map.entry("LANG", "C.UTF-8"),
                Map.entry("SHELL_DEPS", "/deps"), Map.entry("GREETING", "hi"),
                Map.entry("FUNC_HANDLER", "handle"), Map.entry("MOD_NAME", "main"), Map.entry("FUNC_TIMEOUT", "12"),
                Map.entry("FUNC_RUNTIME", "shell1"), Map.entry("FUNC_MEMORY_LIMIT", "128Mi"),
                Map.entry("FUNC_NAME", "hello"), Map.entry("KUBELESS_INSTALL_VOLUME", "/code"),
                Map.entry("NUBO_DEPS_DIR", "/deps"), Map.entry("FUNC_PORT", "41234"), Map.entry("FUNC_HOST", "127.0.0.1"),
                Map.entry("NUBO_INSTANCE_ID", "instance-7")));
    }
}
