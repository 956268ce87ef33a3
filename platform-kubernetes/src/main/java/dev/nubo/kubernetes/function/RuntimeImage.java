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
 */
public record RuntimeImage(String image, String fileExtension, String depsFile, List<String> installCommand,
        Map<String, String> env) {

    public static final String CODE_DIR = "/kubeless";
    public static final String DEPS_DIR = "/deps";
    public static final String RUNTIME_DIR = "/opt/nubo/runtime";
    public static final String TMP_DIR = "/tmp";

    public RuntimeImage {
        installCommand = installCommand == null ? List.of() : List.copyOf(installCommand);
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    /** The runtime.json of a runtime, read as its image lays it out (Dockerfiles in runtime-images/). */
    public static RuntimeImage of(RuntimeDescriptor descriptor, String image) {
        Map<String, String> paths = Map.of(
                "interpreter", bareInterpreter(descriptor),
                "runtimeDir", RUNTIME_DIR,
                "codeDir", CODE_DIR,
                "depsDir", DEPS_DIR,
                "buildDir", TMP_DIR);
        List<String> install = descriptor.installsDependencies()
                ? Placeholders.expand(descriptor.install(), paths) : List.of();
        return new RuntimeImage(image, descriptor.fileExtension(), descriptor.depsFile(), install,
                Placeholders.expand(descriptor.env(), paths));
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
