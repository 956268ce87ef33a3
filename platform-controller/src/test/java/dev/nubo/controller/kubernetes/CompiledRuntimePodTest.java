package dev.nubo.controller.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.VolumeMount;

import dev.nubo.core.function.FunctionSource;
import dev.nubo.core.runtime.RuntimeBundle;
import dev.nubo.core.testing.FunctionSpecBuilder;
import dev.nubo.kubernetes.crd.FunctionResource;
import dev.nubo.kubernetes.function.DesiredFunction;
import dev.nubo.kubernetes.function.FunctionWorkloads;
import dev.nubo.kubernetes.function.RuntimeImage;
import dev.nubo.kubernetes.function.WorkloadSettings;

/**
 * A compiled runtime's function pod, played in a directory without a cluster or a Docker engine: the pod the operator
 * builds ({@link FunctionWorkloads}) and the files its image holds (runtime-images/&lt;language&gt;/Dockerfile, read
 * by {@link RuntimeDockerfile}) are laid out under a temporary root — each volume a directory, the image's runtime
 * directory copied from the build context — and each container runs as a real process with its command, working
 * directory and environment, every path moved under that root; this machine's toolchain stands in for the image's
 * (Go, the JDK). The init containers must succeed without writing to a volume they mount read-only (the cluster
 * would refuse the write), and the function container must answer a call.
 */
class CompiledRuntimePodTest {

    private static final Path RUNTIMES = Path.of("..", "runtime-images");
    /** Kubeless-shaped functions: the body back, greeted. */
    private static final String GO = """
            package kubeless

            import "github.com/kubeless/kubeless/pkg/functions"

            func Foo(event functions.Event, context functions.Context) (string, error) {
            \treturn "hello " + event.Data, nil
            }
            """;
    private static final String JAVA = """
            package io.kubeless;

            public class Hello {
                public String foo(io.kubeless.Event event, io.kubeless.Context context) {
                    return "hello " + event.Data;
                }
            }
            """;

    @TempDir
    Path root;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"go, go1.19, hello.Foo", "java, java21, Hello.foo"})
    void theFunctionPodCompilesWithWhatTheImageHoldsAndAnswers(String language, String runtime, String handler)
            throws Exception {
        WorkloadSettings settings = new WorkloadSettings(KubernetesOperatorConfiguration.runtimeImages(
                KubernetesBackendProperties.DEFAULT_RUNTIME_IMAGES), "busybox:1.37", "http://nubo-api.nubo.svc:8080",
                WorkloadSettings.CONFIG_MAP_LIMIT, "IfNotPresent", "256Mi", "500m", Map.of());
        FunctionResource function = new FunctionResource("fns", "hello", FunctionSpecBuilder.spec(runtime, handler,
                FunctionSource.inline(language.equals("go") ? GO : JAVA)).build());
        function.getMetadata().setUid("uid-hello");
        function.getMetadata().setGeneration(1L);
        DesiredFunction desired = FunctionWorkloads.desired(function, settings);
        PodSpec pod = desired.deployment().getSpec().getTemplate().getSpec();
        RuntimeDockerfile image = RuntimeDockerfile.read(RUNTIMES.resolve(language), "Dockerfile",
                source -> source.startsWith("target/"));
        assertThat(pod.getInitContainers()).extracting(Container::getName).contains(FunctionWorkloads.COMPILE);

        Paths paths = new Paths(stageImage(image, language), volumes(pod, desired.configMap(), language));
        for (Container init : pod.getInitContainers()) {
            Map<Path, String> readOnlyBefore = snapshot(paths.readOnly(init));
            Process process = start(init, image, paths, Map.of());
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(init.getName()).isTrue();
            assertThat(process.exitValue()).as(init.getName() + ": " + output).isZero();
            assertThat(snapshot(paths.readOnly(init))).as(init.getName() + " wrote nothing it mounts read-only")
                    .isEqualTo(readOnlyBefore);
        }

        Container main = pod.getContainers().getFirst();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<Path, String> readOnlyBefore = snapshot(paths.readOnly(main));
        Process server = start(main, image, paths, Map.of("FUNC_PORT", Integer.toString(port),
                "FUNC_HOST", "127.0.0.1"));
        try (HttpClient http = HttpClient.newHttpClient()) {
            URI base = URI.create("http://127.0.0.1:" + port);
            await("the function container answers its health probe").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> server.isAlive() && http.send(HttpRequest.newBuilder(base.resolve("/healthz")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(base.resolve("/"))
                    .POST(HttpRequest.BodyPublishers.ofString("world")).header("Content-Type", "text/plain")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("hello world");
        } finally {
            server.destroy();
            if (!server.waitFor(15, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        assertThat(snapshot(paths.readOnly(main))).as("the function wrote nothing it mounts read-only")
                .isEqualTo(readOnlyBefore);
    }

    /** The image's files that came from the build context, at their image paths under the root. */
    private Path stageImage(RuntimeDockerfile image, String language) throws IOException {
        Path staged = root.resolve("image");
        for (Map.Entry<String, Path> file : image.contextFiles().entrySet()) {
            Path target = staged.resolve(file.getKey().substring(1));
            Files.createDirectories(target.getParent());
            if (file.getValue() != null) {
                Files.copy(file.getValue(), target);
            } else { // what the Maven build makes (the runtime's jar): as the runtime bundle carries it
                String name = RuntimeBundle.CLASSPATH_ROOT + language + "/" + target.getFileName();
                try (var in = getClass().getClassLoader().getResourceAsStream(name)) {
                    assertThat(in).as(name).isNotNull();
                    Files.copy(in, target);
                }
            }
        }
        return staged;
    }

    /** Each volume of the pod as a directory; the code ConfigMap's files written out; the compiler's cache kept. */
    private Map<String, Path> volumes(PodSpec pod, ConfigMap code, String language) throws IOException {
        Map<String, Path> volumes = new HashMap<>();
        for (var volume : pod.getVolumes()) {
            Path dir = volume.getName().equals("cache")
                    // kept between runs, as run-tests keeps Go's: a cold standard library build takes a minute
                    ? Path.of(System.getProperty("java.io.tmpdir"), "nubo-compiled-pod-test-cache", language)
                    : root.resolve("volumes").resolve(volume.getName());
            Files.createDirectories(dir);
            volumes.put(volume.getName(), dir);
        }
        for (Map.Entry<String, String> file : code.getData().entrySet()) {
            Files.writeString(volumes.get("source").resolve(file.getKey()), file.getValue());
        }
        return volumes;
    }

    /** Paths of a container, moved under the test's root; one pass, so a moved path is never moved again. */
    private record Paths(Path image, Map<String, Path> volumes) {

        Map<String, Path> of(Container container, RuntimeDockerfile dockerfile) {
            Map<String, Path> prefixes = new TreeMap<>(Comparator.comparingInt(String::length).reversed()
                    .thenComparing(Comparator.naturalOrder()));
            for (String file : dockerfile.contextFiles().keySet()) {
                String top = file.indexOf('/', 1) < 0 ? file : file.substring(0, file.indexOf('/', 1));
                prefixes.put(top, image.resolve(top.substring(1)));
            }
            // the image's JDK: the one running this test
            prefixes.put(RuntimeImage.JAVA_HOME, Path.of(System.getProperty("java.home")));
            for (VolumeMount mount : container.getVolumeMounts()) {
                prefixes.put(mount.getMountPath(), volumes.get(mount.getName()));
            }
            prefixes.put(dockerfile.workdir(), prefixes.getOrDefault(dockerfile.workdir(),
                    image.resolve(dockerfile.workdir().substring(1))));
            return prefixes;
        }

        List<Path> readOnly(Container container) {
            return container.getVolumeMounts().stream().filter(m -> Boolean.TRUE.equals(m.getReadOnly()))
                    .map(m -> volumes.get(m.getName())).toList();
        }
    }

    private static String move(String text, Map<String, Path> prefixes) {
        Pattern any = Pattern.compile("(?<![\\w./-])(" + prefixes.keySet().stream().map(Pattern::quote)
                .collect(Collectors.joining("|")) + ")(?![\\w.-])");
        Matcher m = any.matcher(text);
        return m.replaceAll(match -> Matcher.quoteReplacement(prefixes.get(match.group(1)).toString()));
    }

    private static Process start(Container container, RuntimeDockerfile image, Paths paths,
            Map<String, String> override) throws IOException {
        Map<String, Path> prefixes = paths.of(container, image);
        List<String> command = container.getCommand() == null || container.getCommand().isEmpty()
                ? image.command() : container.getCommand();
        List<String> moved = new ArrayList<>();
        command.forEach(word -> moved.add(move(word, prefixes)));
        String workdir = container.getWorkingDir() != null ? container.getWorkingDir() : image.workdir();
        ProcessBuilder builder = new ProcessBuilder(moved).directory(Path.of(move(workdir, prefixes)).toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        String path = Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH");
        env.clear();
        env.put("PATH", path); // the image's programs: this machine's go, the JDK running the test
        Map<String, String> wanted = new LinkedHashMap<>(image.env());
        for (EnvVar var : container.getEnv()) {
            if (var.getValueFrom() == null) {
                wanted.put(var.getName(), var.getValue());
            }
        }
        wanted.putAll(override);
        wanted.forEach((name, value) -> env.put(name, move(value, prefixes)));
        return builder.start();
    }

    /** Every file below the directories with its size and modification time. */
    private static Map<Path, String> snapshot(List<Path> dirs) {
        Map<Path, String> files = new TreeMap<>();
        for (Path dir : dirs) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.forEach(p -> {
                    try {
                        files.put(p, Files.isDirectory(p) ? "dir"
                                : Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }
}
