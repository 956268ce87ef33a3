package dev.nubo.kubernetes.function;

import java.util.Map;

/**
 * What the desired objects of every function share in one installation.
 *
 * @param runtimes           the runtime images
 * @param utilityImage       image of the init container that unpacks or downloads the code (needs sh, wget, unzip,
 *                           tar, sha256sum: busybox)
 * @param sourceUrl          where a pod fetches code too large for a ConfigMap, by digest: the API's
 *                           {@code /api/v1/function-sources/{namespace}/{name}/{sha256}}
 * @param configMapLimitBytes above this much code + dependency file the code is fetched instead of mounted
 *                           (a ConfigMap holds at most 1 MiB)
 * @param imagePullPolicy    of the function containers, e.g. IfNotPresent
 * @param defaultMemory      memory limit of a function that sets none
 * @param defaultCpu         CPU limit of a function that sets none
 * @param podLabels          added to every function pod (the chart's NetworkPolicy selects them)
 */
public record WorkloadSettings(RuntimeImages runtimes, String utilityImage, String sourceUrl,
        int configMapLimitBytes, String imagePullPolicy, String defaultMemory, String defaultCpu,
        Map<String, String> podLabels) {

    /** 1 MiB is the API server's limit for the whole object; keep room for metadata. */
    public static final int CONFIG_MAP_LIMIT = 1_000_000;

    public WorkloadSettings {
        podLabels = podLabels == null ? Map.of() : Map.copyOf(podLabels);
    }
}
