package dev.nubo.core.runtime;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The install, compile and start commands of one runtime for one function, with their environments, as
 * runtime.json describes them. Pure: it runs nothing.
 */
public final class RuntimeCommands {

    /** Added to every command's clean environment. */
    public static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    private final InstalledRuntime runtime;
    private final Map<String, String> values;

    /**
     * @param codeDir  the unpacked function source
     * @param depsDir  installed dependencies (may be empty)
     * @param buildDir compile output
     * @param cacheDir writable per-runtime cache
     * @param javaHome the platform's JDK
     */
    public RuntimeCommands(InstalledRuntime runtime, Path codeDir, Path depsDir, Path buildDir, Path cacheDir,
            Path javaHome) {
        this.runtime = runtime;
        Map<String, String> v = new LinkedHashMap<>();
        v.put("interpreter", runtime.interpreter().toString());
        v.put("runtimeDir", runtime.runtimeDir().toString());
        v.put("codeDir", codeDir.toString());
        v.put("depsDir", depsDir.toString());
        v.put("buildDir", buildDir.toString());
        v.put("cacheDir", cacheDir.toString());
        v.put("javaHome", javaHome.toString());
        this.values = Map.copyOf(v);
    }

    public List<String> install() {
        return Placeholders.expand(runtime.descriptor().install(), values);
    }

    public List<String> compile() {
        return Placeholders.expand(runtime.descriptor().compile(), values);
    }

    public List<String> start() {
        return Placeholders.expand(runtime.descriptor().start(), values);
    }

    /** The start command of an unspecialized warm-pool server ({@link RuntimeDescriptor#poolStartOrStart}). */
    public List<String> poolStart() {
        return Placeholders.expand(runtime.descriptor().poolStartOrStart(), values);
    }

    /** Environment of install and compile: the base plus runtime.json's buildEnv. */
    public Map<String, String> buildEnvironment() {
        Map<String, String> env = baseEnvironment();
        env.putAll(Placeholders.expand(runtime.descriptor().buildEnv(), values));
        return env;
    }

    /** Environment of the runtime server before the contract's variables and the function's env are added. */
    public Map<String, String> startEnvironment() {
        Map<String, String> env = baseEnvironment();
        env.putAll(Placeholders.expand(runtime.descriptor().env(), values));
        return env;
    }

    private Map<String, String> baseEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        env.put("HOME", Path.of(values.get("cacheDir"), "home").toString());
        env.put("LANG", "C.UTF-8");
        return env;
    }
}
