package dev.nubo.controller.kubernetes;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.nubo.kubernetes.trigger.HttpTriggerIngress;

/**
 * The Kubernetes backend ({@code nubo.backend=kubernetes}): where the operator looks, and what function pods run.
 *
 * @param namespaces          namespaces whose Functions and triggers are reconciled; empty = all
 * @param runtimeImages       image per runtime language (id prefix: python, nodejs, ruby, php, go, java) — set by the chart
 *                            from values.yaml, the one place images are named
 * @param utilityImage        the init container that unpacks or downloads code (busybox)
 * @param sourceUrl           base URL of the API, from which pods fetch code too large for a ConfigMap
 * @param configMapLimitBytes code + dependency file above this size are fetched instead of mounted
 * @param imagePullPolicy     of function containers
 * @param defaultMemory       memory limit of a function that sets none
 * @param defaultCpu          CPU limit of a function that sets none
 * @param podLabels           labels on every function pod (the chart's NetworkPolicy selects them)
 * @param ingressClass        IngressClass of the Ingresses made for HttpTriggers; empty = the cluster's default
 * @param ingressAnnotations  annotations on those Ingresses
 * @param ingressRewrite      how the ingress controller strips an HttpTrigger's path prefix: {@code nginx}
 *                            (ingress-nginx's regex path and rewrite-target) or {@code none} (a trigger that strips
 *                            its prefix gets no Ingress and says it needs the gateway)
 * @param reconcileThreads    Functions reconciled at once
 * @param leaderElection      run the operator in one replica at a time (a Lease in {@code leaseNamespace})
 * @param tenancy             what the namespace of each Tenant (a Nubo namespace) gets besides its quota
 * @param scaling             the concurrency autoscaler (when the gateway's concurrency is available)
 * @param warmPoolSize        unspecialized runtime pods per runtime language kept in each tenant namespace (0 = none)
 * @param warmPoolSpecializeTimeout how long a pool pod may take to answer {@code POST /_nubo/specialize} on a wake
 *                           (it downloads the code first); past it the pod is deleted and the function's own pod serves
 */
@ConfigurationProperties("nubo.kubernetes")
public record KubernetesBackendProperties(
        @DefaultValue List<String> namespaces,
        @DefaultValue Map<String, String> runtimeImages,
        @DefaultValue("busybox:1.37") String utilityImage,
        @DefaultValue("http://nubo-api:8080") String sourceUrl,
        @DefaultValue("1000000") int configMapLimitBytes,
        @DefaultValue("IfNotPresent") String imagePullPolicy,
        @DefaultValue("256Mi") String defaultMemory,
        @DefaultValue("500m") String defaultCpu,
        @DefaultValue Map<String, String> podLabels,
        String ingressClass,
        @DefaultValue Map<String, String> ingressAnnotations,
        @DefaultValue("nginx") HttpTriggerIngress.PrefixRewrite ingressRewrite,
        @DefaultValue("10") int reconcileThreads,
        @DefaultValue LeaderElection leaderElection,
        @DefaultValue Tenancy tenancy,
        @DefaultValue Scaling scaling,
        @DefaultValue("0") int warmPoolSize,
        @DefaultValue("10s") Duration warmPoolSpecializeTimeout) {

    /** Images used when {@code runtimeImages} names none for a language. */
    public static final Map<String, String> DEFAULT_RUNTIME_IMAGES = Map.of(
            "python", "ghcr.io/nubo-dev/nubo-runtime-python:0.1.0",
            "nodejs", "ghcr.io/nubo-dev/nubo-runtime-nodejs:0.1.0",
            "ruby", "ghcr.io/nubo-dev/nubo-runtime-ruby:0.1.0",
            "php", "ghcr.io/nubo-dev/nubo-runtime-php:0.1.0",
            "go", "ghcr.io/nubo-dev/nubo-runtime-go:0.1.0",
            "java", "ghcr.io/nubo-dev/nubo-runtime-java:0.1.0");

    public Map<String, String> runtimeImagesOrDefaults() {
        return runtimeImages.isEmpty() ? DEFAULT_RUNTIME_IMAGES : runtimeImages;
    }

    /**
     * @param enabled        whether replicas of the controller elect a leader (the chart turns it on)
     * @param leaseName      the Lease object
     * @param leaseNamespace where the Lease lives; empty = the pod's namespace
     */
    public record LeaderElection(@DefaultValue("false") boolean enabled, @DefaultValue("nubo-controller") String leaseName,
            String leaseNamespace) {
    }

    /**
     * @param platformNamespace where the platform's services run (the chart's release namespace): function pods may
     *                          not reach it, and only its gateway, dispatchers and API may reach function pods
     * @param callers           {@code app.kubernetes.io/name} of the platform pods that call functions
     * @param clusterCidrs      the cluster's pod and service ranges, kept out of the "internet" egress rule of
     *                          function pods (other namespaces are admitted by label instead)
     * @param api               {@code app.kubernetes.io/name} of the API pods: the one platform peer function pods
     *                          may reach, for their code ({@code function-sources})
     * @param apiPort           the API pods' (container) port function pods may reach; unset: the port of
     *                          {@code source-url}, so the one setting says both (the chart sets it from
     *                          {@code api.port})
     */
    public record Tenancy(@DefaultValue("nubo") String platformNamespace,
            @DefaultValue({"nubo-triggers", "nubo-api"}) List<String> callers,
            @DefaultValue({"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"}) List<String> clusterCidrs,
            @DefaultValue("nubo-api") String api, Integer apiPort) {
    }

    /** The port tenant function pods may reach the API pods on: {@code tenancy.api-port}, else source-url's. */
    public int apiPort() {
        if (tenancy.apiPort() != null) {
            return tenancy.apiPort();
        }
        URI url = URI.create(sourceUrl);
        if (url.getPort() > 0) {
            return url.getPort();
        }
        return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    /**
     * @param sampleInterval how often the gateway's calls in flight are sampled (and wake requests looked at)
     * @param stableWindow   the average over this long sets the replicas
     * @param panicWindow    the average over this short scales up at once when load jumps
     */
    public record Scaling(@DefaultValue("200ms") Duration sampleInterval, @DefaultValue("60s") Duration stableWindow,
            @DefaultValue("6s") Duration panicWindow) {
    }
}
