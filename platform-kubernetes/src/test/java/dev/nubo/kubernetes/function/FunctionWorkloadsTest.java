package dev.nubo.kubernetes.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

import dev.nubo.core.function.FunctionSource;
import dev.nubo.core.function.FunctionSpec;
import dev.nubo.core.function.Resources;
import dev.nubo.core.function.Scaling;
import dev.nubo.core.function.SecretRef;
import dev.nubo.core.source.Checksums;
import dev.nubo.core.testing.FunctionSpecBuilder;
import dev.nubo.kubernetes.crd.FunctionResource;

class FunctionWorkloadsTest {

    private static final String CODE = "def handler(event, context):\n    return 'hi'\n";

    private final WorkloadSettings settings = TestSettings.settings();

    private static FunctionSpec python(String code, String deps, Scaling scaling) {
        return FunctionSpecBuilder.python(code).deps(deps).env(Map.of("GREETING", "hi", "FUNC_NAME", "spoofed"))
                .timeoutSeconds(20).resources(new Resources("128Mi", "250m")).scaling(scaling).build();
    }

    @Test
    void inlinePythonWithDepsBecomesConfigMapDeploymentAndService() {
        FunctionResource fn = TestSettings.function("hello", python(CODE, "requests==2.32.3", new Scaling(2, 2, 10, 300)));
        DesiredFunction desired = FunctionWorkloads.desired(fn, settings);

        assertThat(desired.configMap().getData()).containsEntry("hello.py", CODE)
                .containsEntry("requirements.txt", "requests==2.32.3");
        assertThat(desired.autoscaler()).as("min = max: nothing to scale").isNull();

        var deployment = desired.deployment();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getInitContainers()).extracting(Container::getName)
                .containsExactly(FunctionWorkloads.PREPARE_CODE, FunctionWorkloads.INSTALL_DEPS);
        Container install = pod.getInitContainers().get(1);
        assertThat(install.getImage()).isEqualTo("registry.test/nubo/runtime-python:1.0");
        assertThat(install.getCommand()).startsWith("python3", "-m", "pip", "install", "--target", "/deps");
        assertThat(install.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/deps") && !m.getReadOnly());

        Container function = pod.getContainers().get(0);
        assertThat(function.getImage()).isEqualTo("registry.test/nubo/runtime-python:1.0");
        assertThat(function.getCommand()).as("an interpreted runtime: the image's own server").isNullOrEmpty();
        assertThat(pod.getVolumes()).extracting(Volume::getName).containsExactly("code", "deps", "tmp", "source");
        assertThat(install.getEnv()).extracting(EnvVar::getName).containsExactly("PYTHONPATH", "HOME");
        assertThat(env(function)).containsEntry("FUNC_HANDLER", "handler").containsEntry("MOD_NAME", "hello")
                .containsEntry("FUNC_TIMEOUT", "20").containsEntry("FUNC_RUNTIME", "python3.11")
                .containsEntry("FUNC_MEMORY_LIMIT", "128Mi").containsEntry("FUNC_NAME", "hello")
                .containsEntry("FUNC_PORT", "8080").containsEntry("KUBELESS_INSTALL_VOLUME", "/kubeless")
                .containsEntry("NUBO_DEPS_DIR", "/deps").containsEntry("PYTHONPATH", "/deps")
                .containsEntry("GREETING", "hi");
        assertThat(function.getResources().getLimits()).containsEntry("memory", new Quantity("128Mi"))
                .containsEntry("cpu", new Quantity("250m"));
        assertThat(function.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(function.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        for (Container c : concat(pod.getInitContainers(), pod.getContainers())) {
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
            assertThat(c.getSecurityContext().getRunAsNonRoot()).as(c.getName()).isTrue();
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(c.getName()).isFalse();
            assertThat(c.getResources().getLimits()).as(c.getName()).containsKeys("memory", "cpu");
        }

        var service = desired.service();
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(80);

        for (HasMetadata object : desired.objects()) {
            assertThat(object.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
                assertThat(owner.getKind()).isEqualTo("Function");
                assertThat(owner.getApiVersion()).isEqualTo("nubo.dev/v1");
                assertThat(owner.getUid()).isEqualTo("uid-hello");
                assertThat(owner.getController()).isTrue();
            });
            assertThat(DesiredHash.of(object)).as(object.getKind()).isNotBlank();
        }
    }

    @Test
    void autoscalerOnlyWhenMaxAboveMinAndThenTheDeploymentLeavesReplicasToIt() {
        DesiredFunction desired = FunctionWorkloads.desired(
                TestSettings.function("busy", python(CODE, "", new Scaling(1, 5, 10, 300))), settings);
        var hpa = desired.autoscaler();
        assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(1);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(5);
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("busy");
        assertThat(desired.deployment().getSpec().getReplicas()).isNull();
        assertThat(desired.deployment().getSpec().getTemplate().getSpec().getInitContainers())
                .as("no deps, no install").extracting(Container::getName).containsExactly(FunctionWorkloads.PREPARE_CODE);
    }

    @Test
    void codeAboveTheConfigMapLimitIsFetchedFromTheApiByDigest() {
        String big = "x = '" + "a".repeat(WorkloadSettings.CONFIG_MAP_LIMIT) + "'\n" + CODE;
        DesiredFunction desired = FunctionWorkloads.desired(TestSettings.function("big", python(big, "", null)), settings);
        assertThat(desired.configMap().getData()).doesNotContainKey("hello.py");
        Container prepare = desired.deployment().getSpec().getTemplate().getSpec().getInitContainers().get(0);
        String digest = Checksums.sha256(big);
        assertThat(env(prepare)).containsEntry("NUBO_SOURCE_URL",
                "http://nubo-api.nubo.svc:8080/api/v1/function-sources/fns/big/" + digest)
                .containsEntry("NUBO_SOURCE_SHA256", digest).containsEntry("NUBO_CODE_FILE", "hello.py");
    }

    @Test
    void zipSourceIsMountedAsBinaryAndUnpacked() {
        String zip = Base64.getEncoder().encodeToString(new byte[] {'P', 'K', 3, 4, 0});
        var spec = FunctionSpecBuilder.spec("nodejs20", "index.handler", FunctionSource.zip(zip)).build();
        DesiredFunction desired = FunctionWorkloads.desired(TestSettings.function("zipped", spec), settings);
        assertThat(desired.configMap().getBinaryData()).containsEntry("source.zip", zip);
        Container prepare = desired.deployment().getSpec().getTemplate().getSpec().getInitContainers().get(0);
        assertThat(env(prepare)).containsEntry("NUBO_SOURCE_FORMAT", "zip").containsEntry("NUBO_SOURCE_FILE", "source.zip");
        assertThat(desired.deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.test/nubo/runtime-nodejs:1.0");
        assertThat(desired.deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getResources()
                .getLimits()).as("installation defaults").containsEntry("memory", new Quantity("256Mi"));
    }

    @Test
    void sameSpecSameObjectsChangedCodeRollsThePods() {
        var first = FunctionWorkloads.desired(TestSettings.function("hello", python(CODE, "", null)), settings);
        var again = FunctionWorkloads.desired(TestSettings.function("hello", python(CODE, "", null)), settings);
        var changed = FunctionWorkloads.desired(TestSettings.function("hello", python(CODE + "# v2\n", "", null)), settings);
        assertThat(DesiredHash.of(again.deployment())).isEqualTo(DesiredHash.of(first.deployment()));
        assertThat(DesiredHash.of(again.configMap())).isEqualTo(DesiredHash.of(first.configMap()));
        String digest = FunctionLabels.CODE_DIGEST;
        assertThat(changed.deployment().getSpec().getTemplate().getMetadata().getAnnotations().get(digest))
                .isNotEqualTo(first.deployment().getSpec().getTemplate().getMetadata().getAnnotations().get(digest));
        assertThat(DesiredHash.of(changed.deployment())).isNotEqualTo(DesiredHash.of(first.deployment()));
    }

    @Test
    void secretsBecomeSecretKeyRefsAndReadOnlyMounts() {
        var spec = FunctionSpecBuilder.python(CODE)
                .secrets(List.of(new SecretRef("db", Map.of("DB_PASSWORD", "password"), "/var/run/secrets/db"))).build();
        var pod = FunctionWorkloads.desired(TestSettings.function("hello", spec), settings).deployment().getSpec()
                .getTemplate().getSpec();
        EnvVar password = pod.getContainers().get(0).getEnv().stream().filter(e -> e.getName().equals("DB_PASSWORD"))
                .findFirst().orElseThrow();
        assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("db");
        assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
        assertThat(pod.getVolumes()).anyMatch(v -> v.getSecret() != null && v.getSecret().getSecretName().equals("db"));
        assertThat(pod.getContainers().get(0).getVolumeMounts())
                .anyMatch(m -> m.getMountPath().equals("/var/run/secrets/db") && m.getReadOnly());
    }

    @Test
    void aRuntimeWithoutImageIsRefused() {
        assertThat(settings.runtimes().forRuntime("rust1.80")).isEmpty();
        assertThat(settings.runtimes().forRuntime("python3.12")).isPresent();
        assertThat(settings.runtimes().forRuntime("pythonic")).isEmpty();
        var spec = FunctionSpecBuilder.spec("rust1.80", "hello.handler", FunctionSource.inline("fn main() {}")).build();
        assertThatThrownBy(() -> FunctionWorkloads.desired(TestSettings.function("rs", spec), settings))
                .hasMessageContaining("no runtime image for rust1.80");
    }

    @Test
    void goFunctionIsCompiledInAnInitContainerAndItsPodRunsTheBuiltServer() {
        var spec = FunctionSpecBuilder.spec("go1.22", "hello.Foo", FunctionSource.inline(GO_CODE))
                .deps("module example.com/hello\n\ngo 1.19\n").build();
        PodSpec pod = FunctionWorkloads.desired(TestSettings.function("hello", spec), settings).deployment()
                .getSpec().getTemplate().getSpec();

        assertThat(pod.getInitContainers()).extracting(Container::getName).containsExactly(
                FunctionWorkloads.PREPARE_CODE, FunctionWorkloads.INSTALL_DEPS, FunctionWorkloads.COMPILE);
        Container compile = pod.getInitContainers().get(2);
        assertThat(compile.getImage()).isEqualTo("registry.test/nubo/runtime-go:1.0");
        // runtime-images/go/runtime.json's compile, with the image's and the pod's paths
        assertThat(compile.getCommand()).containsExactly("go", "run", "/opt/nubo/runtime/builder/main.go", "build",
                "-go", "go", "-runtime", "/opt/nubo/runtime", "-code", "/kubeless", "-deps", "/deps",
                "-o", "/build/server");
        assertThat(compile.getTerminationMessagePolicy()).as("compiler errors reach the status")
                .isEqualTo("FallbackToLogsOnError");
        assertThat(env(compile)).containsEntry("GOCACHE", "/cache/go-build").containsEntry("GOPATH", "/cache/gopath")
                .containsEntry("GOMODCACHE", "/cache/gopath/pkg/mod").containsEntry("CGO_ENABLED", "0")
                .containsEntry("HOME", "/tmp");
        assertThat(mounts(compile)).containsEntry("/kubeless", true).containsEntry("/deps", true)
                .containsEntry("/tmp", false).containsEntry("/build", false).containsEntry("/cache", false);
        assertThat(compile.getWorkingDir()).as("the builder assembles its module in ./src: a writable directory")
                .isEqualTo("/build");

        // dependencies are downloaded into the same module cache the compiler then reads
        Container install = pod.getInitContainers().get(1);
        assertThat(install.getCommand()).startsWith("go", "run", "/opt/nubo/runtime/builder/main.go", "download");
        assertThat(env(install)).containsEntry("GOMODCACHE", "/cache/gopath/pkg/mod");
        assertThat(mounts(install)).containsEntry("/cache", false).containsEntry("/deps", false);

        Container function = pod.getContainers().get(0);
        assertThat(function.getImage()).isEqualTo("registry.test/nubo/runtime-go:1.0");
        assertThat(function.getCommand()).containsExactly("/build/server");
        assertThat(mounts(function)).containsEntry("/build", true).doesNotContainKey("/cache");
        assertThat(env(function)).containsEntry("FUNC_HANDLER", "Foo").containsEntry("MOD_NAME", "hello")
                .doesNotContainKey("GOCACHE");

        assertThat(compile.getSecurityContext()).isEqualTo(function.getSecurityContext());
        assertThat(compile.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(compile.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(compile.getResources()).isEqualTo(function.getResources());
        Map<String, Volume> volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
        assertThat(volumes.get("build").getEmptyDir()).isNotNull();
        assertThat(volumes.get("cache").getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("1Gi"));
    }

    @Test
    void javaFunctionIsCompiledAndItsImageServesTheBuiltClasses() {
        var spec = FunctionSpecBuilder.spec("java21", "Hello.foo", FunctionSource.inline("public class Hello {}"))
                .build();
        PodSpec pod = FunctionWorkloads.desired(TestSettings.function("hello", spec), settings).deployment()
                .getSpec().getTemplate().getSpec();

        assertThat(pod.getInitContainers()).extracting(Container::getName)
                .containsExactly(FunctionWorkloads.PREPARE_CODE, FunctionWorkloads.COMPILE);
        Container compile = pod.getInitContainers().get(1);
        assertThat(compile.getImage()).isEqualTo("registry.test/nubo/runtime-java:1.0");
        assertThat(compile.getCommand()).startsWith("java").contains("dev.nubo.runtime.java.build.BuildFunction")
                .endsWith("/opt/nubo/runtime", "/kubeless", "/deps", "/build");
        assertThat(env(compile)).containsEntry("JAVA_HOME", "/opt/java/openjdk");

        Container function = pod.getContainers().get(0);
        assertThat(function.getCommand()).as("the image's entrypoint loads the classes").isNullOrEmpty();
        assertThat(env(function)).containsEntry("NUBO_BUILD_DIR", "/build");
        assertThat(mounts(function)).containsEntry("/build", true);
    }

    private static final String GO_CODE = """
            package kubeless

            import "github.com/kubeless/kubeless/pkg/functions"

            func Foo(event functions.Event, context functions.Context) (string, error) {
            \treturn "Hello world!", nil
            }
            """;

    private static Map<String, Boolean> mounts(Container container) {
        return container.getVolumeMounts().stream()
                .collect(Collectors.toMap(VolumeMount::getMountPath, m -> Boolean.TRUE.equals(m.getReadOnly())));
    }

    static Map<String, String> env(Container container) {
        return container.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static List<Container> concat(List<Container> a, List<Container> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
