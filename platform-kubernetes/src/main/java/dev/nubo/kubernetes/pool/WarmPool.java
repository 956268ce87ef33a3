package dev.nubo.kubernetes.pool;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import dev.nubo.kubernetes.function.DesiredHash;
import dev.nubo.kubernetes.function.FunctionLabels;
import dev.nubo.kubernetes.function.FunctionWorkloads;
import dev.nubo.kubernetes.function.RuntimeImage;
import dev.nubo.kubernetes.function.WorkloadSettings;

/**
 * A warm pool on Kubernetes: per namespace and runtime language a Deployment of unspecialized runtime pods (no
 * {@code FUNC_HANDLER}: they answer /healthz and wait for {@code POST /_nubo/specialize}), and the claim that takes one
 * for a function by relabeling it — out of the pool's selector (its ReplicaSet lets it go and starts a replacement:
 * the pool refills by itself) — and, once specialized, into the function's Service selector ({@link #serve}). Only
 * the operator may specialize a pool pod: the pods take {@code NUBO_SPECIALIZE_TOKEN} from a Secret of their namespace
 * ({@link #tokenSecret}), and the operator sends it.
 */
public final class WarmPool {

    private static final Logger log = LoggerFactory.getLogger(WarmPool.class);

    /** On pool pods: the runtime language they wait to run. */
    public static final String POOL = "nubo.dev/pool";
    /** On a claimed pod: the language of the pool it came from. */
    public static final String CLAIMED_FROM = "nubo.dev/claimed-from";
    /** On a claimed pod: the function it is being specialized for (it serves once it also has the function label). */
    public static final String CLAIMED_FOR = "nubo.dev/claimed-for";
    /**
     * On a claimed pod: when it was claimed (ISO-8601). A claim whose claimer died before it specialized the pod leaves
     * it out of every selector; {@link #sweepAbandoned} deletes it once the claim is older than any wake lasts.
     */
    public static final String CLAIMED_AT = "nubo.dev/claimed-at";
    /** The Secret of each tenant namespace holding its pool pods' specialize token, and its key. */
    public static final String TOKEN_SECRET = "nubo-pool-token";
    public static final String TOKEN_KEY = "token";
    public static final String TOKEN_VARIABLE = "NUBO_SPECIALIZE_TOKEN";
    public static final String CONTAINER = "runtime";

    private WarmPool() {
    }

    public static String name(String language) {
        return "nubo-pool-" + language;
    }

    /** The pool's Deployment. Pure. */
    public static Deployment deployment(String namespace, String language, RuntimeImage runtime, int size,
            WorkloadSettings settings) {
        Map<String, String> selector = Map.of(POOL, language);
        Map<String, String> labels = new LinkedHashMap<>(selector);
        labels.put(FunctionLabels.MANAGED_BY, FunctionLabels.MANAGER);
        labels.put(FunctionLabels.COMPONENT, "warm-pool");
        Map<String, String> podLabels = new LinkedHashMap<>(labels);
        // the tenant's NetworkPolicy and the chart's select function pods by role: pool pods are function pods
        podLabels.put(FunctionLabels.ROLE, "function");
        podLabels.putAll(settings.podLabels());
        List<EnvVar> env = new ArrayList<>();
        runtime.env().forEach((k, v) -> env.add(new EnvVar(k, v, null)));
        env.add(new EnvVar("FUNC_PORT", Integer.toString(FunctionWorkloads.PORT), null));
        env.add(new EnvVar("FUNC_HOST", "0.0.0.0", null));
        // the code arrives with the specialization, into the one writable directory
        env.add(new EnvVar("KUBELESS_INSTALL_VOLUME", PoolSpecialization.CODE_DIR, null));
        // only who can read the namespace's token Secret (the operator) may specialize: not a function's neighbour
        env.add(new EnvVarBuilder().withName(TOKEN_VARIABLE).withNewValueFrom().withNewSecretKeyRef()
                .withName(TOKEN_SECRET).withKey(TOKEN_KEY).endSecretKeyRef().endValueFrom().build());
        Map<String, Quantity> limits = new LinkedHashMap<>();
        limits.put("memory", new Quantity(settings.defaultMemory()));
        limits.put("cpu", new Quantity(settings.defaultCpu()));
        return DesiredHash.stamp(new DeploymentBuilder()
                .withNewMetadata().withName(name(language)).withNamespace(namespace).withLabels(labels).endMetadata()
                .withNewSpec()
                .withReplicas(size)
                .withNewSelector().withMatchLabels(selector).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(podLabels).endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withNewSecurityContext()
                .withRunAsNonRoot(true).withRunAsUser(FunctionWorkloads.RUN_AS_USER)
                .withRunAsGroup(FunctionWorkloads.RUN_AS_USER)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .withContainers(new ContainerBuilder()
                        .withName(CONTAINER)
                        .withImage(runtime.image())
                        .withImagePullPolicy(settings.imagePullPolicy())
                        .withEnv(env)
                        .addNewPort().withName(FunctionWorkloads.PORT_NAME).withContainerPort(FunctionWorkloads.PORT)
                        .withProtocol("TCP").endPort()
                        .withNewResources().withLimits(limits).withRequests(new LinkedHashMap<>(limits)).endResources()
                        .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                        .withRunAsNonRoot(true).withNewCapabilities().withDrop("ALL").endCapabilities()
                        .endSecurityContext()
                        .withNewReadinessProbe().withNewHttpGet().withPath("/healthz")
                        .withPort(new IntOrString(FunctionWorkloads.PORT_NAME)).endHttpGet().withPeriodSeconds(5)
                        .endReadinessProbe()
                        .addNewVolumeMount().withName("tmp").withMountPath(RuntimeImage.TMP_DIR).endVolumeMount()
                        .build())
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build());
    }

    /** The token Secret of a namespace's pools (made once; the pods read it at start). Pure. */
    public static Secret tokenSecret(String namespace, String token) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(FunctionLabels.MANAGED_BY, FunctionLabels.MANAGER);
        labels.put(FunctionLabels.COMPONENT, "warm-pool");
        return new SecretBuilder().withNewMetadata().withName(TOKEN_SECRET).withNamespace(namespace)
                .withLabels(labels).endMetadata()
                .withType("Opaque")
                .withData(Map.of(TOKEN_KEY, Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8))))
                .build();
    }

    /** The specialize token of {@code namespace}'s pools, or empty when it has no token Secret. */
    public static Optional<String> token(KubernetesClient client, String namespace) {
        Secret secret = client.secrets().inNamespace(namespace).withName(TOKEN_SECRET).get();
        if (secret == null || secret.getData() == null || secret.getData().get(TOKEN_KEY) == null) {
            return Optional.empty();
        }
        return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get(TOKEN_KEY)),
                StandardCharsets.UTF_8));
    }

    /**
     * A pool pod's labels once claimed for {@code function}: out of the pool, not yet in the function's Service (an
     * unspecialized pod would answer its calls 503). Pure.
     */
    public static Map<String, String> claimedLabels(Pod pod, String function) {
        Map<String, String> labels = new LinkedHashMap<>(pod.getMetadata().getLabels());
        String language = labels.remove(POOL);
        labels.put(CLAIMED_FROM, language);
        labels.put(CLAIMED_FOR, function);
        labels.put(FunctionLabels.COMPONENT, "function");
        return labels;
    }

    /**
     * Claims a ready pool pod of {@code language} in {@code namespace} for {@code function}, or none when the pool has
     * no ready pod. Each relabel is an update at the pod's resourceVersion: when two claim the same pod, one gets a
     * conflict and tries the next.
     */
    public static Optional<Pod> claim(KubernetesClient client, String namespace, String language, String function,
            Instant at) {
        return claim(client, client.pods().inNamespace(namespace).withLabel(POOL, language).list().getItems(),
                function, at);
    }

    /** Claims the first of {@code candidates} (as listed: possibly stale) that is ready and still unclaimed. */
    static Optional<Pod> claim(KubernetesClient client, List<Pod> candidates, String function, Instant at) {
        List<Pod> ready = candidates.stream().filter(WarmPool::ready).toList();
        for (Pod pod : ready) {
            pod.getMetadata().setLabels(claimedLabels(pod, function));
            // dated in the same write: no claim is ever undated, however soon its claimer dies
            Map<String, String> annotations = pod.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(pod.getMetadata().getAnnotations());
            annotations.put(CLAIMED_AT, at.toString());
            pod.getMetadata().setAnnotations(annotations);
            try {
                return Optional.of(client.resource(pod).update());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A specialized claimed pod joins its function's Service: calls reach it from now on. And the function owns it:
     * the pool's ReplicaSet let it go at the claim, so without an owner a function deleted while the pod bridged its
     * wake would leave it running for good; now the cluster's garbage collector deletes it with the function.
     */
    public static Pod serve(KubernetesClient client, Pod claimed, HasMetadata function) {
        String name = claimed.getMetadata().getLabels().get(CLAIMED_FOR);
        return client.pods().inNamespace(claimed.getMetadata().getNamespace())
                .withName(claimed.getMetadata().getName())
                .edit(pod -> new PodBuilder(pod).editMetadata().addToLabels(FunctionLabels.FUNCTION, name)
                        .withOwnerReferences(FunctionLabels.ownedBy(function)).endMetadata().build());
    }

    /** When {@code pod} was claimed; empty when it carries no (readable) date. */
    public static Optional<Instant> claimedAt(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String at = annotations == null ? null : annotations.get(CLAIMED_AT);
        if (at == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(at));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Claimed for a function but not (yet) serving it: in no selector, neither the pool's nor the function's. */
    public static boolean claimedNotServing(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels != null && labels.containsKey(CLAIMED_FOR) && !labels.containsKey(FunctionLabels.FUNCTION);
    }

    /**
     * Whether {@code pod} was claimed more than {@code bound} before {@code now} and serves no function yet: its
     * claimer gave up or died before it specialized it (a live wake ends well within the bound). Pure.
     */
    public static boolean abandoned(Pod pod, Instant now, Duration bound) {
        return claimedNotServing(pod) && pod.getMetadata().getDeletionTimestamp() == null
                && claimedAt(pod).map(at -> !at.plus(bound).isAfter(now)).orElse(false);
    }

    /**
     * Deletes the pods of {@code namespace} whose claim is older than {@code bound} and that serve no function (see
     * {@link #abandoned}); a claimed pod without a date (claimed before claims were dated) is dated {@code now}, so it
     * goes a bound later. Returns when the next of the remaining claims will be older than the bound, if any: the
     * time to look again.
     */
    public static Optional<Instant> sweepAbandoned(KubernetesClient client, String namespace, Instant now,
            Duration bound) {
        Instant next = null;
        for (Pod pod : client.pods().inNamespace(namespace).withLabel(CLAIMED_FOR).list().getItems()) {
            if (!claimedNotServing(pod) || pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            String name = pod.getMetadata().getName();
            var resource = client.pods().inNamespace(namespace).withName(name);
            try {
                if (claimedAt(pod).isEmpty()) {
                    resource.edit(p -> new PodBuilder(p).editMetadata().addToAnnotations(CLAIMED_AT, now.toString())
                            .endMetadata().build());
                    pod.getMetadata().setAnnotations(Map.of(CLAIMED_AT, now.toString()));
                }
                if (abandoned(pod, now, bound)) {
                    log.info("{}/{}: pool pod claimed for {} at {} was never specialized; deleting it", namespace,
                            name, pod.getMetadata().getLabels().get(CLAIMED_FOR), claimedAt(pod).orElseThrow());
                    resource.delete();
                    continue;
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) { // gone meanwhile: nothing to sweep
                    continue;
                }
                throw e;
            }
            Instant expires = claimedAt(pod).orElseThrow().plus(bound);
            next = next == null || expires.isBefore(next) ? expires : next;
        }
        return Optional.ofNullable(next);
    }

    /** Whether {@code pod} came from a pool (being specialized, or serving its function). */
    public static boolean claimed(Pod pod) {
        return pod.getMetadata().getLabels() != null && pod.getMetadata().getLabels().containsKey(CLAIMED_FROM);
    }

    /** Ready and not terminating: the kubelet's readiness probe passes. */
    public static boolean ready(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
                && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
