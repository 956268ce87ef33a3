package dev.nubo.controller.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nubo.core.runtime.RuntimeDescriptor;
import dev.nubo.kubernetes.function.RuntimeImage;
import dev.nubo.kubernetes.function.RuntimeImages;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The runtime images the operator's function pods run, as runtime-images/&lt;language&gt;/Dockerfile builds them
 * (there is no Docker engine here to build them): named as charts/nubo/values.yaml and the controller's defaults
 * name them, and holding everything the pod's steps run — the install, compile and start commands the operator takes
 * from runtime.json ({@link KubernetesOperatorConfiguration#runtimeImages}, what the operator itself does), the files
 * of the runtime directory those name (and the ones they name in turn), the programs they start on the image's PATH,
 * a JDK where Java compiles, and the code directory as the working directory.
 */
class RuntimeImageDockerfilesTest {

    private static final Path ROOT = Path.of("..");
    private static final Path RUNTIMES = ROOT.resolve("runtime-images");
    private static final RuntimeImages OPERATOR = KubernetesOperatorConfiguration.runtimeImages(
            KubernetesBackendProperties.DEFAULT_RUNTIME_IMAGES);
    private static final Pattern RUNTIME_PATH = Pattern.compile(
            Pattern.quote(RuntimeImage.RUNTIME_DIR) + "(/[\\w./-]*)?");
    /** Paths below the runtime directory that its own files name: Maven poms and settings, the Go builder. */
    private static final Pattern NAMED_INSIDE = Pattern.compile(
            "\\$\\{nubo\\.runtimeDir}/([\\w./-]+)|filepath\\.Join\\([\\w.]*runtimeDir, \"([\\w.-]+)\"");
    /** What the official base images put on the PATH. */
    private static final Map<String, Set<String>> BASE_PROGRAMS = Map.of(
            "golang:", Set.of("go", "gofmt"),
            "python:", Set.of("python3", "pip"),
            "node:", Set.of("node", "npm"),
            "ruby:", Set.of("ruby", "gem", "bundle"),
            "php:", Set.of("php"),
            "eclipse-temurin:", Set.of("java"));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"python", "nodejs", "ruby", "php", "go", "java"})
    void theImageIsNamedOnceAndHoldsWhatThePodsStepsRun(String language) {
        RuntimeDockerfile image = RuntimeDockerfile.read(RUNTIMES.resolve(language), "Dockerfile",
                built(language));
        RuntimeDescriptor descriptor = RuntimeDescriptor.read(RUNTIMES.resolve(language)
                .resolve(RuntimeDescriptor.FILE_NAME));
        RuntimeImage pod = OPERATOR.forRuntime(descriptor.idPrefix() + "1").orElseThrow();

        String repository = valuesRuntimeImages().get(language).asString();
        assertThat(image.labels()).as("the Dockerfile names the image values.yaml names")
                .containsEntry("org.opencontainers.image.title", repository);
        assertThat(pod.image()).as("the controller's default").contains("/" + repository + ":");

        List<String> steps = new ArrayList<>(pod.installCommand());
        steps.addAll(pod.compileCommand());
        steps.addAll(pod.startCommand());
        steps.addAll(pod.env().values());
        steps.addAll(pod.buildEnv().values());
        steps.addAll(image.command());
        for (String path : runtimePaths(steps)) {
            assertThat(image.has(path)).as("%s: %s, which the pod's steps or the image's command name", language,
                    path).isTrue();
        }
        for (String path : namedInside(image)) {
            assertThat(image.has(path)).as("%s: %s, which a file of the runtime names", language, path).isTrue();
        }

        for (List<String> command : List.of(pod.installCommand(), pod.compileCommand(), image.command())) {
            if (!command.isEmpty() && !command.getFirst().startsWith("/")) {
                assertThat(programs(image)).as("%s: %s on the image's PATH", language, command.getFirst())
                        .contains(command.getFirst());
            }
        }
        if (!pod.startCommand().isEmpty()) {
            assertThat(pod.startCommand().getFirst()).as("a built program: the compile step writes it")
                    .startsWith(RuntimeImage.BUILD_DIR + "/").isIn(pod.compileCommand());
            assertThat(image.command()).as("started alone, the image runs what a pod runs")
                    .isEqualTo(pod.startCommand());
        }
        assertThat(image.workdir()).as("the function runs in its code directory").isEqualTo(RuntimeImage.CODE_DIR);
        assertThat(image.env()).containsEntry("FUNC_PORT", "8080");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"go", "java"})
    void aCompiledRuntimesImageCarriesItsToolchain(String language) {
        RuntimeDockerfile image = RuntimeDockerfile.read(RUNTIMES.resolve(language), "Dockerfile",
                built(language));
        RuntimeImage pod = OPERATOR.forRuntime(language + "1").orElseThrow();
        assertThat(pod.compiles()).isTrue();
        if (pod.compileCommand().getFirst().equals("java")) {
            RuntimeDescriptor descriptor = RuntimeDescriptor.read(RUNTIMES.resolve(language)
                    .resolve(RuntimeDescriptor.FILE_NAME));
            // the build runs javac in-process with --release <fixedVersion>, and Maven on JAVA_HOME
            assertThat(image.base()).as("a JDK, not a JRE, of the runtime's Java version")
                    .isEqualTo("eclipse-temurin:" + descriptor.fixedVersion() + "-jdk");
            assertThat(pod.buildEnv()).as("the JDK's home in eclipse-temurin images")
                    .containsEntry("JAVA_HOME", RuntimeImage.JAVA_HOME);
            assertThat(RuntimeImage.JAVA_HOME).isEqualTo("/opt/java/openjdk");
        } else {
            assertThat(image.base()).startsWith("golang:");
            assertThat(pod.compileCommand()).contains(RuntimeImage.RUNTIME_DIR + "/builder/main.go");
        }
    }

    /** The old per-function Go image stays buildable beside the runtime image. */
    @Test
    void theOneFunctionGoImageStillFindsItsSources() {
        // reading it fails when a COPY names a file the folder does not have
        RuntimeDockerfile image = RuntimeDockerfile.read(RUNTIMES.resolve("go"), "function.Dockerfile",
                source -> false);
        assertThat(image.command()).containsExactly("/server");
        assertThat(image.has("/server")).isTrue();
    }

    private static java.util.function.Predicate<String> built(String language) {
        // files the Maven build writes before the image is built: the module's jar, by its finalName
        return source -> {
            if (!source.startsWith("target/") || !source.endsWith(".jar")) {
                return false;
            }
            String name = source.substring("target/".length(), source.length() - ".jar".length());
            try {
                return Files.readString(RUNTIMES.resolve(language).resolve("pom.xml"))
                        .contains("<finalName>" + name + "</finalName>");
            } catch (IOException e) {
                return false;
            }
        };
    }

    private static JsonNode valuesRuntimeImages() {
        return YAMLMapper.builder().build().readTree(ROOT.resolve("charts/nubo/values.yaml").toFile())
                .get("runtimeImages");
    }

    private static List<String> runtimePaths(List<String> words) {
        List<String> paths = new ArrayList<>();
        for (String word : words) {
            Matcher m = RUNTIME_PATH.matcher(word);
            while (m.find()) {
                paths.add(m.group());
            }
        }
        return paths;
    }

    /** Paths the runtime's own files (below the runtime directory in the image) name relative to it. */
    private static List<String> namedInside(RuntimeDockerfile image) {
        List<String> named = new ArrayList<>();
        try (Stream<Map.Entry<String, Path>> files = image.contextFilesUnder(RuntimeImage.RUNTIME_DIR)) {
            files.filter(f -> f.getKey().endsWith(".go") || f.getKey().endsWith(".xml") || f.getKey().endsWith(".pom"))
                    .forEach(f -> {
                Matcher m = NAMED_INSIDE.matcher(read(f.getValue()));
                while (m.find()) {
                    named.add(RuntimeImage.RUNTIME_DIR + "/" + (m.group(1) != null ? m.group(1) : m.group(2)));
                }
            });
        }
        return named;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The programs on the image's PATH: the base image's, and what the Dockerfile puts in a bin directory. */
    private static Set<String> programs(RuntimeDockerfile image) {
        Set<String> programs = new java.util.TreeSet<>();
        BASE_PROGRAMS.forEach((base, names) -> {
            if (image.base().startsWith(base)) {
                programs.addAll(names);
            }
        });
        if (image.base().startsWith("eclipse-temurin:") && image.base().endsWith("-jdk")) {
            programs.add("javac");
        }
        Stream.of(image.contextFiles().keySet(), image.madeByRun(), image.opaqueTrees()).flatMap(Set::stream)
                .filter(p -> p.startsWith("/usr/local/bin/") || p.startsWith("/usr/bin/"))
                .forEach(p -> programs.add(p.substring(p.lastIndexOf('/') + 1)));
        return programs;
    }
}
