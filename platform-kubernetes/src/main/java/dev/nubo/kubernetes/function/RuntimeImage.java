package dev.nubo.kubernetes.function;

import java.util.List;
import java.util.Map;

import dev.nubo.core.runtime.Placeholders;
import dev.nubo.core.runtime.RuntimeDescriptor;

/**
 * A runtime as a container image: the image (its default command is the runtime server), and what the pod's init
 * containers run in it, taken from the runtime's own runtime.json with the paths of the image and the pod.
 *
 * @param image          e.g. {@code ghcr.io/nubo/runtime-python:0.1.0}
 * @param fileExtension  of inline code ({@code <module>.<ext>})
 * @param depsFile       name of the dependency file, or null when the runtime installs none
 * @param installCommand installs {@code depsFile} from the code directory into the deps directory; empty = none
 * @param env            the runtime's own variables (e.g. {@code PYTHONPATH=/deps})
 * @param compileCommand of a compiled runtime (Go, Java): builds the function from the code and deps directories
 *                       into {@link #BUILD_DIR}; empty = the runtime interprets the code
 * @param buildEnv       variables of the install and compile steps (compiler caches under {@link #CACHE_DIR})
 * @param startCommand   the function container's command when the compiled output is the program itself (Go's
 *                       server binary); empty = the image's own entrypoint
 * @param sourceFormats  the code formats ({@code file}, {@code zip}, {@code tar.gz}) the runtime server downloads
 *                       and unpacks itself on {@code POST /_nubo/specialize} (a warm pool pod has no init container)
 */
public record RuntimeImage(String image, String fileExtension, String depsFile, List<String> installCommand,
        Map<String, String> env, List<String> compileCommand, Map<String, String> buildEnv,
        List<String> startCommand, List<String> sourceFormats) {

    public static final String CODE_DIR = "/kubeless";
    public static final String DEPS_DIR = "/deps";
    public static final String RUNTIME_DIR = "/opt/nubo/runtime";
    public static final String TMP_DIR = "/tmp";
    /** Where a compiled runtime's compile step writes the binary or classes the function container runs. */
    public static final String BUILD_DIR = "/build";
    /** The compiler's caches (Go's build and module caches, Maven's repository); size-limited, per pod. */
    public static final String CACHE_DIR = "/cache";
    /** JAVA_HOME of the Java runtime image (eclipse-temurin). */
    public static final String JAVA_HOME = "/opt/java/openjdk";

    public RuntimeImage {
        installCommand = installCommand == null ? List.of() : List.copyOf(installCommand);
        env = env == null ? Map.of() : Map.copyOf(env);
        compileCommand = compileCommand == null ? List.of() : List.copyOf(compileCommand);
        buildEnv = buildEnv == null ? Map.of() : Map.copyOf(buildEnv);
        startCommand = startCommand == null ? List.of() : List.copyOf(startCommand);
        sourceFormats = sourceFormats == null ? List.of() : List.copyOf(sourceFormats);
    }

    /** An interpreted runtime's image. */
    public RuntimeImage(String image, String fileExtension, String depsFile, List<String> installCommand,
            Map<String, String> env) {
        this(image, fileExtension, depsFile, installCommand, env, List.of(), Map.of(), List.of(), List.of());
    }

    /** The runtime.json of a runtime, read as its image lays it out (Dockerfiles in runtime-images/). */
    public static RuntimeImage of(RuntimeDescriptor descriptor, String image) {
        Map<String, String> paths = Map.of(
                "interpreter", bareInterpreter(descriptor),
                "runtimeDir", RUNTIME_DIR,
                "codeDir", CODE_DIR,
                "depsDir", DEPS_DIR,
                // interpreted runtimes' install steps use it as scratch space; compiled ones write their output
                "buildDir", descriptor.compile().isEmpty() ? TMP_DIR : BUILD_DIR,
                "cacheDir", CACHE_DIR,
                "javaHome", JAVA_HOME);
        List<String> install = descriptor.installsDependencies()
                ? Placeholders.expand(descriptor.install(), paths) : List.of();
        List<String> start = Placeholders.expand(descriptor.start(), paths);
        return new RuntimeImage(image, descriptor.fileExtension(), descriptor.depsFile(), install,
                Placeholders.expand(descriptor.env(), paths), Placeholders.expand(descriptor.compile(), paths),
                Placeholders.expand(descriptor.buildEnv(), paths),
                // a built program is started itself; a runtime server that loads compiled classes is the image's
                // entrypoint (which knows the image's own tuning, e.g. Java's class-data archive)
                start.getFirst().startsWith(BUILD_DIR + "/") ? start : List.of(), descriptor.sourceFormats());
    }

    /** Whether the function is compiled in the pod before it runs (Go, Java). */
    public boolean compiles() {
        return !compileCommand.isEmpty();
    }

    /** Whether a pod of this image, given the code as a URL on specialize, can unpack code of {@code format}. */
    public boolean fetchesSource(String format) {
        return sourceFormats.contains(format);
    }

    public boolean installsDependencies() {
        return depsFile != null && !installCommand.isEmpty();
    }

    /** In an image the interpreter is on PATH: the last candidate, which names no directory. */
    private static String bareInterpreter(RuntimeDescriptor descriptor) {
        List<String> candidates = descriptor.interpreter().candidates();
        return candidates.stream().filter(c -> !c.contains("/")).reduce((a, b) -> b)
                .orElse(candidates.get(candidates.size() - 1));
    }
}
