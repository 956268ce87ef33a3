package dev.nubo.kubernetes.tenant;

import java.util.List;

/**
 * What every tenant namespace of one installation shares.
 *
 * @param platformNamespace the namespace the platform's services run in (the chart's release namespace)
 * @param callers           {@code app.kubernetes.io/name} of the platform pods that may call functions (the gateway
 *                          and trigger dispatchers, the API for invoke)
 * @param defaultMemory     memory limit (= request) of a container that sets none: the platform's default function
 *                          limit
 * @param defaultCpu        CPU limit (= request) of a container that sets none
 * @param clusterCidrs      the cluster's pod and service ranges: function pods may reach the internet but not these
 *                          (other namespaces are admitted by label instead)
 * @param api               {@code app.kubernetes.io/name} of the API pods, the one platform peer function pods may
 *                          reach (they download their code from its {@code function-sources})
 * @param apiPort           the port the API pods listen on (their container port, not their Service's)
 */
public record TenantSettings(String platformNamespace, List<String> callers, String defaultMemory, String defaultCpu,
        List<String> clusterCidrs, String api, int apiPort) {

    public TenantSettings {
        callers = List.copyOf(callers);
        clusterCidrs = List.copyOf(clusterCidrs);
        if (apiPort < 1 || apiPort > 65535) {
            throw new IllegalArgumentException("apiPort " + apiPort + " is no port");
        }
    }
}
