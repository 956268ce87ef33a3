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
 * trigger gets no Ingress (see {@link #unsupported}). {@code stripPrefix} (the default) needs the ingress controller
 * to rewrite the path, which Ingress itself cannot say: the {@link PrefixRewrite} setting names how.
 */
public final class HttpTriggerIngress {

    private HttpTriggerIngress() {
    }

    /** How the ingress controller is told to strip a trigger's path prefix. */
    public enum PrefixRewrite {
        /** ingress-nginx: a regex path that captures the rest and {@code rewrite-target: /$2}. */
        NGINX,
        /** The controller cannot be told: a trigger that strips its prefix gets no Ingress (it needs the gateway). */
        NONE
    }

    static final String NGINX_USE_REGEX = "nginx.ingress.kubernetes.io/use-regex";
    static final String NGINX_REWRITE_TARGET = "nginx.ingress.kubernetes.io/rewrite-target";

    /**
     * @param ingressClass  the IngressClass to use (null: the cluster's default class)
     * @param annotations   added to every Ingress (e.g. the ingress controller's settings)
     * @param prefixRewrite how the ingress controller strips a prefix (null: {@link PrefixRewrite#NGINX})
     */
    public record Settings(String ingressClass, Map<String, String> annotations, PrefixRewrite prefixRewrite) {
        public Settings {
            annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
            prefixRewrite = prefixRewrite == null ? PrefixRewrite.NGINX : prefixRewrite;
        }
    }

    /** Why this trigger cannot be an Ingress with these settings, or null when it can. */
    public static String unsupported(HttpTriggerSpec spec, Settings settings) {
        String gatewayOnly = unsupported(spec);
        if (gatewayOnly != null) {
            return gatewayOnly;
        }
        if (stripsPrefix(spec.withDefaults()) && settings.prefixRewrite() == PrefixRewrite.NONE) {
            return "stripPrefix needs the ingress controller to rewrite paths, and nubo.kubernetes.ingress-rewrite is"
                    + " none: set stripPrefix false, or call the function through the Nubo gateway";
        }
        return null;
    }

    /** Why this trigger cannot be an Ingress whatever the ingress controller, or null when it can. */
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
        String path = spec.path();
        String pathType = "Prefix";
        if (stripsPrefix(spec) && settings.prefixRewrite() == PrefixRewrite.NGINX) {
            // the prefix on a segment boundary (as the gateway matches it), the rest captured and passed on
            path = nginxRegexQuote(withoutTrailingSlash(spec.path())) + "(/|$)(.*)";
            pathType = "ImplementationSpecific";
            annotations.put(NGINX_USE_REGEX, "true");
            annotations.put(NGINX_REWRITE_TARGET, "/$2");
        }
        var rule = new IngressRuleBuilder()
                .withHost(spec.host())
                .withNewHttp()
                .addNewPath().withPath(path).withPathType(pathType)
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

    private static boolean stripsPrefix(HttpTriggerSpec spec) {
        return Boolean.TRUE.equals(spec.stripPrefix()) && !withoutTrailingSlash(spec.path()).isEmpty();
    }

    private static String withoutTrailingSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** The prefix matched literally by ingress-nginx's regex paths (PCRE). */
    static String nginxRegexQuote(String prefix) {
        StringBuilder quoted = new StringBuilder();
        for (char c : prefix.toCharArray()) {
            if ("\\.^$|?*+()[]{}".indexOf(c) >= 0) {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.toString();
    }
}
