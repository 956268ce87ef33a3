package dev.nubo.runtime.java.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.nubo.runtime.java.json.Json;

/**
 * runtime.json read and expanded the way the platform does it (platform-core's RuntimeDetector and
 * RuntimeCommands), without depending on the platform: interpreter candidates tried in order with the
 * version command, placeholders replaced, a clean environment.
 */
public final class RuntimeDescriptor {

    public static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    private final Path runtimeDir;
    private final Map<?, ?> json;
    private final Path interpreter;

    private RuntimeDescriptor(Path runtimeDir) {
        this.runtimeDir = runtimeDir;
        try {
            this.json = (Map<?, ?>) Json.parse(Files.readString(runtimeDir.resolve("runtime.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.interpreter = findInterpreter().orElseThrow(() -> new IllegalStateException(
                "no interpreter candidate of runtime.json works here"));
    }

    private static RuntimeDescriptor loaded;

    /** The test runtime folder's descriptor, read (and its interpreter found) once per test run. */
    public static synchronized RuntimeDescriptor load() {
        if (loaded == null) {
            loaded = new RuntimeDescriptor(RuntimeFolder.get());
        }
        return loaded;
    }

    public Map<?, ?> json() {
        return json;
    }

    public Path runtimeDir() {
        return runtimeDir;
    }

    public Path interpreter() {
        return interpreter;
    }

    public static String javaHome() {
        return System.getProperty("java.home");
    }

    public List<String> command(String name, Dirs dirs) {
        return strings((List<?>) json.get(name)).stream().map(s -> expand(s, dirs)).toList();
    }

    public Map<String, String> buildEnvironment(Dirs dirs) {
        return environment("buildEnv", dirs);
    }

    public Map<String, String> startEnvironment(Dirs dirs) {
        return environment("env", dirs);
    }

    private Map<String, String> environment(String name, Dirs dirs) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        env.put("HOME", dirs.cache().resolve("home").toString());
        env.put("LANG", "C.UTF-8");
        ((Map<?, ?>) json.get(name)).forEach((k, v) -> env.put((String) k, expand((String) v, dirs)));
        return env;
    }

    /** The version command's output when the interpreter passes it. */
    public Processes.Result versionCheck(Path candidate) {
        Map<?, ?> interpreterSpec = (Map<?, ?>) json.get("interpreter");
        List<String> command = strings((List<?>) interpreterSpec.get("versionCommand")).stream()
                .map(s -> s.replace("{interpreter}", candidate.toString())
                        .replace("{runtimeDir}", runtimeDir.toString())
                        .replace("{javaHome}", javaHome()))
                .toList();
        return Processes.run(command, runtimeDir, Map.of("PATH", PATH), Duration.ofSeconds(30));
    }

    private Optional<Path> findInterpreter() {
        Map<?, ?> interpreterSpec = (Map<?, ?>) json.get("interpreter");
        for (String candidate : strings((List<?>) interpreterSpec.get("candidates"))) {
            Optional<Path> path = resolve(candidate.replace("{javaHome}", javaHome()));
            if (path.isPresent() && versionCheck(path.get()).exitCode() == 0) {
                return path;
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> resolve(String candidate) {
        if (candidate.contains("/")) {
            return Optional.of(Path.of(candidate)).filter(Files::isExecutable);
        }
        return Arrays.stream(PATH.split(":")).map(dir -> Path.of(dir, candidate)).filter(Files::isExecutable)
                .findFirst();
    }

    private String expand(String template, Dirs dirs) {
        return template
                .replace("{interpreter}", interpreter.toString())
                .replace("{runtimeDir}", runtimeDir.toString())
                .replace("{codeDir}", dirs.code().toString())
                .replace("{depsDir}", dirs.deps().toString())
                .replace("{buildDir}", dirs.build().toString())
                .replace("{cacheDir}", dirs.cache().toString())
                .replace("{javaHome}", javaHome());
    }

    private static List<String> strings(List<?> values) {
        return values.stream().map(String.class::cast).toList();
    }

    /** The directories of one function's build. */
    public record Dirs(Path code, Path deps, Path build, Path cache) {
    }
}
