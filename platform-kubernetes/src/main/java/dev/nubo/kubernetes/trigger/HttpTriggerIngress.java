package dev.nubo.kubernetes.trigger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;

import dev.nubo.core.trigger.HttpTriggerSpec;
import dev.nubo.kubernetes.crd.HttpTriggerResource;
import dev.nubo.kubernetes.function.DesiredHash;
import dev.nubo.kubernetes.function.FunctionLabels;
import dev.nubo.kubernetes.function.FunctionWorkloads;

/**
 * An HttpTrigger as an Ingress (networking.k8s.io/v1) to its function's Service. Pure: spec in, object out.
 * Auth, CORS and rate limits are the gateway's; an Ingress straight to the function would bypass them, so such a
 * trigger gets no Ingress (see {@link #unsupported}).
 */
public final class HttpTriggerIngress {

    private HttpTriggerIngress() {
    }

    /**
     * @param ingressClass the IngressClass to use (null: the cluster's default class)
     * @param annotations  added to every Ingress (e.g. the ingress controller's settings)
     */
    public record Settings(String ingressClass, Map<String, String> annotations) {
        public Settings {
            annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        }
    }

    /** Why this trigger cannot be an Ingress, or null when it can. */
    public static String unsupported(HttpTriggerSpec spec) {
        if (spec.function() == null || spec.function().isBlank()) {
            return "an HTTP trigger names one function";
        }
        List<String> gatewayOnly = new ArrayList<>();
        if (spec.auth() != null && spec.auth().type() != null
                && !HttpTriggerSpec.HttpAuth.NONE.equals(spec.auth().type())) {
            gatewayOnly.add("auth");
        }
        if (spec.cors() != null) {
            gatewayOnly.add("cors");
        }
        if (spec.rateLimit() != null) {
            gatewayOnly.add("rateLimit");
        }
        return gatewayOnly.isEmpty() ? null
                : String.join(", ", gatewayOnly) + " need the Nubo gateway; an Ingress to the function would bypass them";
    }

    public static Ingress desired(HttpTriggerResource trigger, Settings settings) {
        HttpTriggerSpec spec = trigger.getSpec().withDefaults();
        String name = trigger.getMetadata().getName();
        Map<String, String> annotations = new LinkedHashMap<>(settings.annotations());
        var rule = new IngressRuleBuilder()
                .withHost(spec.host())
                .withNewHttp()
                .addNewPath().withPath(spec.path()).withPathType("Prefix")
                .withNewBackend().withNewService().withName(spec.function())
                .withNewPort().withName(FunctionWorkloads.PORT_NAME).endPort()
                .endService().endBackend()
                .endPath()
                .endHttp()
                .build();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(FunctionLabels.FUNCTION, spec.function());
        labels.put(FunctionLabels.MANAGED_BY, FunctionLabels.MANAGER);
        labels.put("nubo.dev/http-trigger", name);
        return DesiredHash.stamp(new IngressBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(trigger.getMetadata().getNamespace())
                        .withLabels(labels).withAnnotations(annotations)
                        .withOwnerReferences(FunctionLabels.ownedBy(trigger)).build())
                .withNewSpec()
                .withIngressClassName(settings.ingressClass())
                .withRules(rule)
                .endSpec()
                .build());
    }
}
