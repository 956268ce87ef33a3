package dev.nubo.kubernetes.function;

import java.util.List;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;

/** The objects a Function wants; {@code autoscaler} is null when minReplicas = maxReplicas. */
public record DesiredFunction(ConfigMap configMap, Deployment deployment, Service service,
        HorizontalPodAutoscaler autoscaler, FunctionCode code) {

    public List<HasMetadata> objects() {
        return Stream.of(configMap, deployment, service, autoscaler).filter(o -> o != null)
                .map(HasMetadata.class::cast).toList();
    }
}
