package dev.nubo.kubernetes.crd;

import java.util.List;

import dev.nubo.core.model.Resource;

/** The group and kinds of Nubo's custom resources: the same {@code nubo.dev/v1} objects the REST API serves. */
public final class NuboCustomResources {

    public static final String GROUP = "nubo.dev";
    public static final String VERSION = "v1";
    public static final String API_VERSION = Resource.API_VERSION;

    /** Every custom resource class, in the order the CRDs are applied. */
    public static final List<Class<? extends io.fabric8.kubernetes.client.CustomResource<?, ?>>> ALL = List.of(
            FunctionResource.class, HttpTriggerResource.class, CronTriggerResource.class,
            KafkaTriggerResource.class, NatsTriggerResource.class, TenantResource.class);

    /** The generated CRD file of each, in the same order ({@code charts/nubo/crds/functions.nubo.dev-v1.yml}, …). */
    public static List<String> crdFiles() {
        return ALL.stream().map(type -> io.fabric8.kubernetes.client.CustomResource.getCRDName(type) + "-" + VERSION
                + ".yml").toList();
    }

    private NuboCustomResources() {
    }
}
