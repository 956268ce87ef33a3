package dev.nubo.kubernetes.function;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/** Labels, annotations and owner references every object made for a Nubo resource carries. */
public final class FunctionLabels {

    public static final String FUNCTION = "nubo.dev/function";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "nubo";
    public static final String COMPONENT = "app.kubernetes.io/component";
    /** {@code function} on every function pod: the chart's NetworkPolicy admits only the gateway to them. */
    public static final String ROLE = "nubo.dev/role";
    /** Hash of the desired object: equal hash, nothing to write (a second reconcile writes nothing). */
    public static final String DESIRED_HASH = "nubo.dev/desired-hash";
    /** On the pod template: changed code rolls the Deployment (a ConfigMap change alone restarts nothing). */
    public static final String CODE_DIGEST = "nubo.dev/code-digest";

    private FunctionLabels() {
    }

    /** The labels that select a function's pods (never change: a Deployment's selector is immutable). */
    public static Map<String, String> selector(String function) {
        return Map.of(FUNCTION, function);
    }

    public static Map<String, String> of(String function, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(FUNCTION, function);
        labels.put(MANAGED_BY, MANAGER);
        labels.put(COMPONENT, component);
        return labels;
    }

    /** The owner reference that makes Kubernetes delete {@code child} with {@code owner}. */
    public static List<OwnerReference> ownedBy(HasMetadata owner) {
        return List.of(new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build());
    }
}
