package dev.nubo.kubernetes.pool;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.nubo.kubernetes.crd.FunctionResource;
import dev.nubo.kubernetes.function.FunctionWorkloads;
import dev.nubo.kubernetes.function.WorkloadSettings;

/**
 * Bridges a wake with a warm pool pod: claims a ready pod of the function's pool, specializes it with
 * {@code POST /_nubo/specialize} on the pod's IP, and only then puts it into the function's Service. Every failure
 * leaves the wake to the function's own Deployment (which the operator scales up anyway): a lost claim or an empty
 * pool changes nothing, and a claimed pod that would not specialize is deleted.
 */
public final class PoolSpecializer {

    private static final Logger log = LoggerFactory.getLogger(PoolSpecializer.class);

    public static final String SPECIALIZE_PATH = "/_nubo/specialize";
    public static final String TOKEN_HEADER = "Nubo-Specialize-Token";

    public enum Outcome {
        /** A pool pod serves the function now. */
        SPECIALIZED,
        /** The function may not use a pool ({@link PoolSpecialization#refusal}). */
        NOT_ELIGIBLE,
        /** Its pool had no ready pod (or every claim lost to another claimer). */
        NO_READY_POD,
        /** The claimed pod did not take the function: it was deleted. */
        FAILED
    }

    /**
     * @param pod    the claimed pod, when one was claimed
     * @param detail why not, for the log
     */
    public record Result(Outcome outcome, String pod, String detail) {
    }

    /** A claim older than this many specialize timeouts that serves nothing was abandoned by its claimer. */
    public static final int CLAIM_BOUND_TIMEOUTS = 2;

    private final KubernetesClient client;
    private final WorkloadSettings settings;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;

    /** @param timeout how long a pod may take to answer the specialize request (it downloads the code first) */
    public PoolSpecializer(KubernetesClient client, WorkloadSettings settings, Duration timeout) {
        this(client, settings, timeout, Clock.systemUTC());
    }

    /** @param clock dates the claims */
    public PoolSpecializer(KubernetesClient client, WorkloadSettings settings, Duration timeout, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * How old a claim that serves no function may get before it counts as abandoned ({@link WarmPool#sweepAbandoned}):
     * a wake takes a specialize timeout at most, plus a few API calls; twice that leaves them ample room.
     */
    public static Duration claimBound(Duration specializeTimeout) {
        return specializeTimeout.multipliedBy(CLAIM_BOUND_TIMEOUTS);
    }

    /** Tries to serve the waking {@code function} from its pool. Never throws: the Deployment is the fallback. */
    public Result wake(FunctionResource function) {
        String namespace = function.getMetadata().getNamespace();
        String name = function.getMetadata().getName();
        String refusal = PoolSpecialization.refusal(function, settings);
        if (refusal != null) {
            return new Result(Outcome.NOT_ELIGIBLE, null, refusal);
        }
        PoolSpecialization plan = PoolSpecialization.plan(function, settings).orElseThrow();
        Optional<Pod> claimed;
        try {
            claimed = WarmPool.claim(client, namespace, plan.language(), name, clock.instant());
        } catch (RuntimeException e) {
            return new Result(Outcome.NO_READY_POD, null, "claim failed: " + e.getMessage());
        }
        if (claimed.isEmpty()) {
            return new Result(Outcome.NO_READY_POD, null, "no ready pod in " + WarmPool.name(plan.language()));
        }
        Pod pod = claimed.get();
        String podName = pod.getMetadata().getName();
        try {
            specialize(pod, plan, WarmPool.token(client, namespace));
            WarmPool.serve(client, pod, function);
            log.debug("{}/{}: pool pod {} specialized", namespace, name, podName);
            return new Result(Outcome.SPECIALIZED, podName, null);
        } catch (IOException | RuntimeException e) {
            return discard(pod, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return discard(pod, "interrupted");
        }
    }

    private void specialize(Pod pod, PoolSpecialization plan, Optional<String> token)
            throws IOException, InterruptedException {
        String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        if (ip == null || ip.isBlank()) {
            throw new IOException("the pod has no IP");
        }
        String host = ip.contains(":") ? "[" + ip + "]" : ip;
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://" + host + ":" + port(pod) + SPECIALIZE_PATH))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(client.getKubernetesSerialization().asJson(plan.body())));
        token.ifPresent(t -> request.header(TOKEN_HEADER, t));
        // one deadline for connecting and answering, so a wake never outlasts its timeout (claims are judged by it)
        var pending = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> answer;
        try {
            answer = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new IOException("no answer within " + timeout);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        }
        if (answer.statusCode() != 200) {
            throw new IOException("specialize answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    /** The port the pod's runtime listens on: its {@code http} container port. */
    static int port(Pod pod) {
        return pod.getSpec() == null ? FunctionWorkloads.PORT : pod.getSpec().getContainers().stream()
                .map(Container::getPorts).filter(ports -> ports != null).flatMap(java.util.List::stream)
                .filter(p -> FunctionWorkloads.PORT_NAME.equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElse(FunctionWorkloads.PORT);
    }

    /** A claimed pod that did not take the function is of no use to anyone: the pool has already replaced it. */
    private Result discard(Pod pod, String why) {
        String name = pod.getMetadata().getName();
        log.info("{}/{}: pool pod {} not specialized ({}); the function's own pod serves",
                pod.getMetadata().getNamespace(), pod.getMetadata().getLabels().get(WarmPool.CLAIMED_FOR), name, why);
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(name).delete();
        } catch (RuntimeException e) {
            log.warn("deleting pool pod {} failed: {}", name, e.toString());
        }
        return new Result(Outcome.FAILED, name, why);
    }
}
