package dev.nubo.kubernetes.function;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;

import dev.nubo.core.function.FunctionContract;
import dev.nubo.core.function.FunctionSpec;
import dev.nubo.core.function.Scaling;
import dev.nubo.core.function.SecretRef;
import dev.nubo.kubernetes.crd.FunctionResource;

/**
 * The Kubernetes objects a Function wants: a ConfigMap with its code, a Deployment running its runtime image, a
 * ClusterIP Service, and an autoscaler when it may scale. Pure: spec in, objects out; the operator only applies them.
 */
public final class FunctionWorkloads {

    public static final int PORT = 8080;
    public static final int SERVICE_PORT = 80;
    public static final String PORT_NAME = "http";
    public static final String FUNCTION_CONTAINER = "function";
    public static final String PREPARE_CODE = "prepare-code";
    public static final String INSTALL_DEPS = "install-deps";
    /** Init container of compiled runtimes (Go, Java) that builds the function into the build volume. */
    public static final String COMPILE = "compile";
    /** The compiler's caches may not fill the node's disk. */
    public static final String CACHE_SIZE_LIMIT = "1Gi";
    /** The uid of the runtime images (runtime-images/*&#47;Dockerfile: user nubo). */
    public static final long RUN_AS_USER = 1000L;
    /** Average CPU use of the replicas above which the autoscaler adds one. */
    public static final int TARGET_CPU_PERCENT = 70;

    /** Unpacks or downloads the code into the code volume; runs in the utility image (busybox). */
    static final String PREPARE_SCRIPT = """
            set -eu
            src=/source/${NUBO_SOURCE_FILE:-}
            if [ -n "${NUBO_SOURCE_URL:-}" ]; then
              wget -q -O /tmp/source "$NUBO_SOURCE_URL"
              echo "$NUBO_SOURCE_SHA256  /tmp/source" | sha256sum -c -
              src=/tmp/source
            fi
            case "$NUBO_SOURCE_FORMAT" in
              zip) unzip -o -q "$src" -d /kubeless ;;
              tar.gz) tar -xzf "$src" -C /kubeless ;;
              *) cp "$src" "/kubeless/$NUBO_CODE_FILE" ;;
            esac
            if [ -n "${NUBO_DEPS_FILE:-}" ]; then cp "/source/$NUBO_DEPS_FILE" /kubeless/; fi
            """;

    private FunctionWorkloads() {
    }

    /**
     * @throws IllegalArgumentException when the installation has no image for the function's runtime (the operator
     *                                  checks {@link RuntimeImages#forRuntime} first and says so in status)
     */
    public static DesiredFunction desired(FunctionResource function, WorkloadSettings settings) {
        FunctionSpec spec = function.getSpec();
        String namespace = function.getMetadata().getNamespace();
        String name = function.getMetadata().getName();
        RuntimeImage runtime = settings.runtimes().forRuntime(spec.runtime()).orElseThrow(
                () -> new IllegalArgumentException("no runtime image for " + spec.runtime()));
        FunctionCode code = FunctionCode.plan(namespace, name, spec, runtime, settings);

        ConfigMap configMap = DesiredHash.stamp(new ConfigMapBuilder()
                .withMetadata(meta(function, "code"))
                .withData(code.data())
                .withBinaryData(code.binaryData())
                .build());
        HorizontalPodAutoscaler autoscaler = autoscaler(function);
        Deployment deployment = DesiredHash.stamp(deployment(function, settings, runtime, code, autoscaler == null));
        Service service = DesiredHash.stamp(new ServiceBuilder()
                .withMetadata(meta(function, "function"))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(FunctionLabels.selector(name))
                .addNewPort().withName(PORT_NAME).withProtocol("TCP").withPort(SERVICE_PORT)
                .withTargetPort(new IntOrString(PORT_NAME)).endPort()
                .endSpec()
                .build());
        return new DesiredFunction(configMap, deployment, service,
                autoscaler == null ? null : DesiredHash.stamp(autoscaler), code);
    }

    /** Where the function answers inside the cluster. */
    public static String endpoint(String namespace, String name) {
        return "http://" + name + "." + namespace + ".svc:" + SERVICE_PORT;
    }

    private static Deployment deployment(FunctionResource function, WorkloadSettings settings, RuntimeImage runtime,
            FunctionCode code, boolean fixedReplicas) {
        FunctionSpec spec = function.getSpec();
        String name = function.getMetadata().getName();
        Scaling scaling = spec.scaling() == null ? new Scaling(null, null, null, null) : spec.scaling();
        ResourceRequirements resources = resources(spec, settings);
        SecurityContext confined = new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .build();

        List<Volume> volumes = new ArrayList<>(List.of(
                emptyDir("code"), emptyDir("deps"), emptyDir("tmp"),
                new VolumeBuilder().withName("source").withNewConfigMap().withName(name).endConfigMap().build()));
        List<VolumeMount> functionMounts = new ArrayList<>(List.of(
                mount("code", RuntimeImage.CODE_DIR, true), mount("deps", RuntimeImage.DEPS_DIR, true),
                mount("tmp", RuntimeImage.TMP_DIR, false)));
        if (runtime.compiles()) {
            volumes.add(emptyDir("build"));
            volumes.add(new VolumeBuilder().withName("cache").withNewEmptyDir()
                    .withSizeLimit(new Quantity(CACHE_SIZE_LIMIT)).endEmptyDir().build());
            // the function runs what the compile step built and cannot change it
            functionMounts.add(mount("build", RuntimeImage.BUILD_DIR, true));
        }
        for (SecretRef secret : spec.secrets()) {
            if (secret.mountPath() != null && !secret.mountPath().isBlank()) {
                String volume = "secret-" + secret.name();
                volumes.add(new VolumeBuilder().withName(volume).withNewSecret().withSecretName(secret.name())
                        .endSecret().build());
                functionMounts.add(mount(volume, secret.mountPath(), true));
            }
        }

        List<Container> initContainers = new ArrayList<>();
        initContainers.add(new ContainerBuilder()
                .withName(PREPARE_CODE)
                .withImage(settings.utilityImage())
                .withImagePullPolicy(settings.imagePullPolicy())
                .withCommand("sh", "-c", PREPARE_SCRIPT)
                .withEnv(prepareEnv(code, spec, runtime))
                .withResources(resources)
                .withSecurityContext(confined)
                .withVolumeMounts(mount("code", RuntimeImage.CODE_DIR, false), mount("source", "/source", true),
                        mount("tmp", RuntimeImage.TMP_DIR, false))
                .build());
        // compiled runtimes' steps share the compiler's caches (e.g. Go's module cache filled by install-deps)
        Map<String, String> buildEnv = new LinkedHashMap<>(runtime.env());
        if (runtime.compiles()) {
            buildEnv.putAll(runtime.buildEnv());
        }
        buildEnv.put("HOME", RuntimeImage.TMP_DIR);
        List<VolumeMount> cacheMount = runtime.compiles() ? List.of(mount("cache", RuntimeImage.CACHE_DIR, false))
                : List.of();
        if (spec.hasDeps() && runtime.installsDependencies()) {
            initContainers.add(new ContainerBuilder()
                    .withName(INSTALL_DEPS)
                    .withImage(runtime.image())
                    .withImagePullPolicy(settings.imagePullPolicy())
                    .withCommand(runtime.installCommand())
                    .withWorkingDir(RuntimeImage.CODE_DIR)
                    .withEnv(plain(buildEnv))
                    .withResources(resources)
                    .withSecurityContext(confined)
                    .withVolumeMounts(mount("code", RuntimeImage.CODE_DIR, true),
                            mount("deps", RuntimeImage.DEPS_DIR, false), mount("tmp", RuntimeImage.TMP_DIR, false))
                    .addAllToVolumeMounts(cacheMount)
                    .build());
        }
        if (runtime.compiles()) {
            // as Kubeless did: compile in the pod, with the command of the runtime's runtime.json
            initContainers.add(new ContainerBuilder()
                    .withName(COMPILE)
                    .withImage(runtime.image())
                    .withImagePullPolicy(settings.imagePullPolicy())
                    .withCommand(runtime.compileCommand())
                    // the compiler's last lines become the termination message, which status shows
                    .withTerminationMessagePolicy("FallbackToLogsOnError")
                    // in the writable build volume, as the local backend compiles in its build directory: Go's
                    // builder assembles the module it compiles in ./src (the code volume is read-only here)
                    .withWorkingDir(RuntimeImage.BUILD_DIR)
                    .withEnv(plain(buildEnv))
                    .withResources(resources)
                    .withSecurityContext(confined)
                    .withVolumeMounts(mount("code", RuntimeImage.CODE_DIR, true),
                            mount("deps", RuntimeImage.DEPS_DIR, true), mount("tmp", RuntimeImage.TMP_DIR, false),
                            mount("build", RuntimeImage.BUILD_DIR, false), mount("cache", RuntimeImage.CACHE_DIR, false))
                    .build());
        }

        Container main = new ContainerBuilder()
                .withName(FUNCTION_CONTAINER)
                .withImage(runtime.image())
                .withImagePullPolicy(settings.imagePullPolicy())
                .withCommand(runtime.startCommand().isEmpty() ? null : runtime.startCommand())
                .withEnv(functionEnv(function, runtime))
                .addNewPort().withName(PORT_NAME).withContainerPort(PORT).withProtocol("TCP").endPort()
                .withResources(resources)
                .withSecurityContext(confined)
                .withVolumeMounts(functionMounts)
                .withStartupProbe(healthz(1, 2, 60))
                .withReadinessProbe(healthz(1, 5, 3))
                .withLivenessProbe(healthz(2, 10, 3))
                .build();

        Map<String, String> podLabels = new LinkedHashMap<>(FunctionLabels.of(name, "function"));
        podLabels.put(FunctionLabels.ROLE, "function");
        podLabels.putAll(settings.podLabels());
        return new DeploymentBuilder()
                .withMetadata(meta(function, "function"))
                .withNewSpec()
                .withReplicas(fixedReplicas ? scaling.min() : null)
                .withRevisionHistoryLimit(3)
                .withProgressDeadlineSeconds(300)
                .withNewSelector().withMatchLabels(FunctionLabels.selector(name)).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0)).endRollingUpdate()
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata().withLabels(podLabels)
                .withAnnotations(Map.of(FunctionLabels.CODE_DIGEST, code.digest())).endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withTerminationGracePeriodSeconds((long) spec.timeoutOrDefault() + 5)
                .withNewSecurityContext()
                .withRunAsNonRoot(true).withRunAsUser(RUN_AS_USER).withRunAsGroup(RUN_AS_USER).withFsGroup(RUN_AS_USER)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withInitContainers(initContainers)
                .withContainers(main)
                .withVolumes(volumes)
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static HorizontalPodAutoscaler autoscaler(FunctionResource function) {
        Scaling scaling = function.getSpec().scaling();
        if (scaling == null || scaling.max() <= scaling.min()) {
            return null;
        }
        return new HorizontalPodAutoscalerBuilder()
                .withMetadata(meta(function, "function"))
                .withNewSpec()
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment")
                .withName(function.getMetadata().getName()).endScaleTargetRef()
                .withMinReplicas(Math.max(1, scaling.min()))
                .withMaxReplicas(scaling.max())
                .addNewMetric().withType("Resource").withNewResource().withName("cpu")
                .withNewTarget().withType("Utilization").withAverageUtilization(TARGET_CPU_PERCENT).endTarget()
                .endResource().endMetric()
                .endSpec()
                .build();
    }

    /** The function's env, its secrets' variables, then the contract's, which nothing overrides. */
    private static List<EnvVar> functionEnv(FunctionResource function, RuntimeImage runtime) {
        FunctionSpec spec = function.getSpec();
        Map<String, EnvVar> env = new LinkedHashMap<>();
        runtime.env().forEach((k, v) -> env.put(k, new EnvVar(k, v, null)));
        spec.env().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> env.put(e.getKey(), new EnvVar(e.getKey(), e.getValue(), null)));
        for (SecretRef secret : spec.secrets()) {
            secret.env().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> env.put(e.getKey(),
                    new EnvVarBuilder().withName(e.getKey()).withNewValueFrom().withNewSecretKeyRef()
                            .withName(secret.name()).withKey(e.getValue()).endSecretKeyRef().endValueFrom().build()));
        }
        Map<String, String> contract = new LinkedHashMap<>(FunctionContract.variables(
                function.getMetadata().getName(), spec, RuntimeImage.CODE_DIR, RuntimeImage.DEPS_DIR));
        contract.put("FUNC_PORT", Integer.toString(PORT));
        contract.put("FUNC_HOST", "0.0.0.0");
        contract.forEach((k, v) -> {
            env.remove(k);
            env.put(k, new EnvVar(k, v, null));
        });
        return List.copyOf(env.values());
    }

    private static List<EnvVar> prepareEnv(FunctionCode code, FunctionSpec spec, RuntimeImage runtime) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("NUBO_SOURCE_FORMAT", code.format());
        env.put("NUBO_CODE_FILE", code.codeFile());
        if (code.delivery() == FunctionCode.Delivery.MOUNTED) {
            env.put("NUBO_SOURCE_FILE", code.sourceFile());
        } else {
            env.put("NUBO_SOURCE_URL", code.url());
            env.put("NUBO_SOURCE_SHA256", code.sha256());
        }
        if (spec.hasDeps() && runtime.installsDependencies()) {
            env.put("NUBO_DEPS_FILE", runtime.depsFile());
        }
        return plain(env);
    }

    private static ResourceRequirements resources(FunctionSpec spec, WorkloadSettings settings) {
        String memory = spec.resources() != null && spec.resources().memory() != null ? spec.resources().memory()
                : settings.defaultMemory();
        String cpu = spec.resources() != null && spec.resources().cpu() != null ? spec.resources().cpu()
                : settings.defaultCpu();
        Map<String, Quantity> limits = new LinkedHashMap<>();
        limits.put("memory", new Quantity(memory));
        limits.put("cpu", new Quantity(cpu));
        // requests = limits: the scheduler reserves what the function may use, and the autoscaler's CPU % means it
        return new ResourceRequirementsBuilder().withLimits(limits).withRequests(new LinkedHashMap<>(limits)).build();
    }

    private static Probe healthz(int timeoutSeconds, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder().withNewHttpGet().withPath("/healthz").withPort(new IntOrString(PORT_NAME))
                .endHttpGet().withTimeoutSeconds(timeoutSeconds).withPeriodSeconds(periodSeconds)
                .withFailureThreshold(failureThreshold).build();
    }

    static ObjectMeta meta(FunctionResource function, String component) {
        return new ObjectMetaBuilder()
                .withName(function.getMetadata().getName())
                .withNamespace(function.getMetadata().getNamespace())
                .withLabels(FunctionLabels.of(function.getMetadata().getName(), component))
                .withOwnerReferences(FunctionLabels.ownedBy(function))
                .build();
    }

    private static Volume emptyDir(String name) {
        return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
    }

    private static VolumeMount mount(String volume, String path, boolean readOnly) {
        return new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(readOnly).build();
    }

    private static List<EnvVar> plain(Map<String, String> env) {
        return env.entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList();
    }
}
