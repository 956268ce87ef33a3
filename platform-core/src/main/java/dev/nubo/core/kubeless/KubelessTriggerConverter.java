package dev.nubo.core.kubeless;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.trigger.CronTrigger;
import dev.nubo.core.trigger.CronTriggerSpec;
import dev.nubo.core.trigger.HttpTrigger;
import dev.nubo.core.trigger.HttpTriggerSpec;
import dev.nubo.core.trigger.KafkaTrigger;
import dev.nubo.core.trigger.KafkaTriggerSpec;
import dev.nubo.core.trigger.LabelSelector;
import dev.nubo.core.trigger.NatsTrigger;
import dev.nubo.core.trigger.NatsTriggerSpec;
import dev.nubo.core.trigger.Trigger;
import dev.nubo.core.trigger.TriggerDocument;
import dev.nubo.core.trigger.TriggerKind;
import dev.nubo.core.trigger.TriggerSpec;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.StrictBinding;
import dev.nubo.core.validation.ValidationException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns {@code kubeless.io/v1beta1} trigger manifests into Nubo triggers: HTTPTrigger (function-name, host-name, path,
 * cors-enable), CronJobTrigger (schedule, function-name, payload), KafkaTrigger and NATSTrigger (topic,
 * functionSelector). Fields that meant something only to a Kubernetes cluster (Ingress gateway, TLS) are ignored with
 * a warning. {@code basic-auth-secret} is refused: Kubeless read the users from a Kubernetes Secret, which Nubo cannot
 * read; accepting the trigger without auth would publish a protected route.
 */
public final class KubelessTriggerConverter {

    /** The CORS answer of Kubeless's nginx Ingress with {@code enable-cors} (its documented defaults). */
    static final HttpTriggerSpec.Cors NGINX_CORS = new HttpTriggerSpec.Cors(List.of("*"),
            List.of("GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS"),
            List.of("DNT", "X-CustomHeader", "Keep-Alive", "User-Agent", "X-Requested-With", "If-Modified-Since",
                    "Cache-Control", "Content-Type", "Authorization"),
            null, false, null);

    private static final Set<String> HTTP_FIELDS = Set.of("function-name", "host-name", "path", "basic-auth-secret",
            "cors-enable", "tls", "tls-secret", "gateway");
    private static final Set<String> CRON_FIELDS = Set.of("schedule", "function-name", "payload");
    private static final Set<String> TOPIC_FIELDS = Set.of("topic", "functionSelector");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static boolean isKubeless(JsonNode manifest) {
        return KubelessFunctionConverter.isKubeless(manifest);
    }

    /**
     * Converts a Kubeless manifest of the given kind's Kubeless counterpart.
     *
     * @throws ValidationException when the manifest is another kind, has unknown spec fields, or asks for what Nubo
     *                             cannot do (basic-auth-secret)
     */
    public <T extends Trigger<S>, S extends TriggerSpec> TriggerDocument<T> convert(TriggerKind<T, S> kind,
            JsonNode manifest) {
        String given = manifest.path("kind").asString("");
        if (!kind.kubelessKind().equals(given)) {
            throw new ValidationException(List.of(new FieldError("kind", "KIND_UNSUPPORTED",
                    "this collection takes " + kind.kind() + " (or a " + KubelessFunctionConverter.API_VERSION + " "
                            + kind.kubelessKind() + "), not " + KubelessFunctionConverter.API_VERSION + " "
                            + (given.isEmpty() ? "without a kind" : given) + elsewhere(given))));
        }
        JsonNode spec = manifest.path("spec");
        ObjectMeta metadata = metadata(manifest.path("metadata"));
        List<String> warnings = new ArrayList<>();
        Trigger<?> trigger = switch (kind.kubelessKind()) {
            case "HTTPTrigger" -> HttpTrigger.of(metadata, http(spec, warnings));
            case "CronJobTrigger" -> CronTrigger.of(metadata, cron(spec));
            case "KafkaTrigger" -> KafkaTrigger.of(metadata, kafka(spec, warnings));
            case "NATSTrigger" -> NatsTrigger.of(metadata, nats(spec, warnings));
            default -> throw new IllegalStateException("no Kubeless conversion for " + kind);
        };
        return new TriggerDocument<>(kind.type().cast(trigger), warnings);
    }

    private static String elsewhere(String kubelessKind) {
        return TriggerKind.byKubelessKind(kubelessKind).map(k -> "; send it to the " + k.plural() + " collection")
                .orElse("");
    }

    private static HttpTriggerSpec http(JsonNode spec, List<String> warnings) {
        refuseUnknown(spec, HTTP_FIELDS);
        String secret = text(spec, "basic-auth-secret");
        if (secret != null && !secret.isBlank()) {
            throw new ValidationException(List.of(new FieldError("spec.basic-auth-secret",
                    "BASIC_AUTH_SECRET_UNSUPPORTED", "Kubeless read the users of basic auth from the Kubernetes"
                            + " Secret " + secret + ", which Nubo cannot read; the trigger is not created without"
                            + " them, so the route stays protected. Create it as a nubo.dev/v1 HttpTrigger with"
                            + " spec.auth {type: basic, users: [{username, password}]} instead")));
        }
        String host = text(spec, "host-name");
        if (host != null && host.endsWith(".nip.io")) {
            warnings.add("host-name " + host + " looks generated by the Kubeless CLI for the old cluster's address:"
                    + " only requests with this Host header reach the route; leave host-name out to route any host");
        }
        if (flag(spec, "tls") || text(spec, "tls-secret") != null) {
            warnings.add("tls and tls-secret are ignored: TLS ends in front of Nubo (a reverse proxy or Ingress), not"
                    + " per trigger");
        }
        if (text(spec, "gateway") != null) {
            warnings.add("gateway " + text(spec, "gateway") + " is ignored: Nubo's gateway serves the route itself, no"
                    + " Ingress controller is involved");
        }
        String path = text(spec, "path");
        path = path == null || path.isBlank() ? HttpTriggerSpec.DEFAULT_PATH : path.startsWith("/") ? path : "/" + path;
        // Kubeless's Ingress rewrote the path to "/": stripping the prefix keeps what the function sees
        return new HttpTriggerSpec(text(spec, "function-name"), null, host, path, true, List.of(), null,
                flag(spec, "cors-enable") ? NGINX_CORS : null, null, null);
    }

    private static CronTriggerSpec cron(JsonNode spec) {
        refuseUnknown(spec, CRON_FIELDS);
        JsonNode payload = spec.path("payload");
        Object data = payload.isMissingNode() || payload.isNull() ? null : JSON.treeToValue(payload, Object.class);
        // Kubeless's CronJob sent the payload as application/json, in the cluster's zone (UTC on common clusters)
        return new CronTriggerSpec(text(spec, "function-name"), null, text(spec, "schedule"),
                CronTriggerSpec.DEFAULT_TIME_ZONE, data, CronTriggerSpec.DEFAULT_CONTENT_TYPE, null, null, null);
    }

    private static KafkaTriggerSpec kafka(JsonNode spec, List<String> warnings) {
        refuseUnknown(spec, TOPIC_FIELDS);
        String topic = text(spec, "topic");
        warnings.add("Kubeless delivered each record at most once; Nubo delivers at least once: a failed call is retried "
                + KafkaTriggerSpec.DEFAULT_MAX_RETRIES + " times, then the record goes to the dead-letter topic "
                + KafkaTriggerSpec.DEFAULT_DEAD_LETTER.replace("{topic}", topic == null ? "{topic}" : topic)
                + " (set delivery atMostOnce for the old behaviour)");
        return new KafkaTriggerSpec(topic == null ? List.of() : List.of(topic), null, selector(spec), null, null, null,
                null, null, null, null, null, null, null);
    }

    private static NatsTriggerSpec nats(JsonNode spec, List<String> warnings) {
        refuseUnknown(spec, TOPIC_FIELDS);
        warnings.add("Kubeless used core NATS and delivered each message at most once; Nubo consumes the subject"
                + " through a JetStream stream (created when missing) and delivers at least once, with retries and a"
                + " dead-letter subject {subject}.dlq");
        return new NatsTriggerSpec(text(spec, "topic"), null, null, null, selector(spec), null, null, null, null, null,
                null, null, null, null);
    }

    private static LabelSelector selector(JsonNode spec) {
        JsonNode selector = spec.path("functionSelector");
        return selector.isMissingNode() || selector.isNull() ? null
                : StrictBinding.bind(selector, LabelSelector.class, "spec.functionSelector");
    }

    private static void refuseUnknown(JsonNode spec, Set<String> known) {
        List<FieldError> errors = new ArrayList<>();
        spec.properties().forEach(field -> {
            if (!known.contains(field.getKey())) {
                errors.add(new FieldError("spec." + field.getKey(), "FIELD_UNKNOWN", "unknown field '"
                        + field.getKey() + "'; this Kubeless kind has " + String.join(", ", new TreeSet<>(known))));
            }
        });
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }

    private static ObjectMeta metadata(JsonNode meta) {
        Map<String, String> labels = new LinkedHashMap<>();
        meta.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
        return new ObjectMeta(text(meta, "name"), text(meta, "namespace"), labels, null, null, null, null);
    }

    private static boolean flag(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isBoolean() ? value.asBoolean() : "true".equalsIgnoreCase(value.asString(""));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asString();
    }
}
