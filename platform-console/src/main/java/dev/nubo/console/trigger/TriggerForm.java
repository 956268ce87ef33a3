package dev.nubo.console.trigger;

import java.util.Arrays;
import java.util.List;

import dev.nubo.core.model.Resource;
import dev.nubo.core.trigger.TriggerKind;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The create/edit form of an HTTP, cron or Kafka trigger, as the browser posts it. {@link #manifest} writes it as the
 * native manifest the API takes, so the trigger use case's reading, defaults and validation apply unchanged.
 *
 * @param payload cron: JSON, or any other text (sent as a string)
 * @param methods HTTP: comma-separated; empty = any
 * @param topics  Kafka: comma-separated
 * @param subject NATS: the subject consumed
 * @param stream  NATS: the JetStream stream (empty: the default)
 * @param generation the spec generation the form showed (an edit over a newer one is refused; status writes by the
 *                   dispatchers do not count)
 */
public record TriggerForm(String name, String function, String schedule, String timeZone, String payload,
        String path, String host, String methods, String topics, String consumerGroup, String startFrom,
        String subject, String stream, String enabled, String generation) {

    static final JsonMapper JSON = JsonMapper.builder().build();

    public static TriggerForm empty() {
        return new TriggerForm("", "", "*/5 * * * *", "UTC", "", "/", "", "", "", "", "latest", "", "", "on", null);
    }

    /** The form showing a stored trigger (read from its JSON shape: one code path for every kind). */
    public static TriggerForm of(Object trigger) {
        JsonNode tree = JSON.valueToTree(trigger);
        JsonNode spec = tree.path("spec");
        JsonNode payload = spec.path("payload");
        return new TriggerForm(tree.path("metadata").path("name").asString(""), spec.path("function").asString(""),
                spec.path("schedule").asString(""), spec.path("timeZone").asString("UTC"),
                payload.isMissingNode() || payload.isNull() ? "" : payload.isString() ? payload.asString()
                        : payload.toString(),
                spec.path("path").asString("/"), spec.path("host").asString(""), join(spec.path("methods")),
                join(spec.path("topics")), spec.path("consumerGroup").asString(""),
                spec.path("startFrom").asString("latest"), spec.path("subject").asString(""),
                spec.path("stream").asString(""), spec.path("enabled").asBoolean(true) ? "on" : "",
                tree.path("metadata").path("generation").asString(null));
    }

    public boolean isEnabled() {
        return enabled != null && !enabled.isBlank() && !enabled.equals("false");
    }

    /**
     * The native manifest of this trigger of kind {@code kind}; {@code resourceVersion} (null for a new one) is the
     * stored version the replace applies to.
     */
    public ObjectNode manifest(TriggerKind<?, ?> kind, String resourceVersion) {
        ObjectNode root = JSON.createObjectNode();
        root.put("apiVersion", Resource.API_VERSION);
        root.put("kind", kind.kind());
        ObjectNode meta = root.putObject("metadata");
        putText(meta, "name", name);
        putText(meta, "resourceVersion", resourceVersion);
        ObjectNode spec = root.putObject("spec");
        putText(spec, "function", function);
        spec.put("enabled", isEnabled());
        if (kind == TriggerKind.CRON) {
            putText(spec, "schedule", schedule);
            putText(spec, "timeZone", timeZone);
            if (payload != null && !payload.isBlank()) {
                spec.set("payload", json(payload));
            }
        } else if (kind == TriggerKind.HTTP) {
            putText(spec, "path", path);
            putText(spec, "host", host);
            ArrayNode list = spec.putArray("methods");
            split(methods).forEach(list::add);
        } else if (kind == TriggerKind.KAFKA) {
            ArrayNode list = spec.putArray("topics");
            split(topics).forEach(list::add);
            putText(spec, "consumerGroup", consumerGroup);
            putText(spec, "startFrom", startFrom);
        } else if (kind == TriggerKind.NATS) {
            putText(spec, "subject", subject);
            putText(spec, "stream", stream);
            putText(spec, "startFrom", startFrom);
        }
        return root;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            return JSON.getNodeFactory().stringNode(text);
        }
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (value != null && !value.isBlank()) {
            node.put(field, value.strip());
        }
    }

    static List<String> split(String text) {
        return text == null ? List.of() : Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .toList();
    }

    private static String join(JsonNode array) {
        if (!array.isArray()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        array.forEach(item -> out.append(out.isEmpty() ? "" : ", ").append(item.asString()));
        return out.toString();
    }
}
