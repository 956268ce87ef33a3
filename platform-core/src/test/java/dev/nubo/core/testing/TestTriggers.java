package dev.nubo.core.testing;

import java.util.Map;

import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.trigger.CronTrigger;
import dev.nubo.core.trigger.HttpTrigger;
import dev.nubo.core.trigger.KafkaTrigger;
import dev.nubo.core.trigger.NatsTrigger;
import dev.nubo.core.trigger.Trigger;
import dev.nubo.core.trigger.TriggerKind;
import dev.nubo.core.trigger.TriggerSpec;
import dev.nubo.core.validation.StrictBinding;
import tools.jackson.databind.json.JsonMapper;

/** Triggers for tests, written as a user writes them: the spec as JSON. */
public final class TestTriggers {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A small valid spec of every kind, calling function {@code hello}. */
    public static final Map<TriggerKind<?, ?>, String> VALID_SPECS = Map.of(
            TriggerKind.HTTP, "{\"function\": \"hello\", \"path\": \"/hello\"}",
            TriggerKind.CRON, "{\"function\": \"hello\", \"schedule\": \"*/5 * * * *\"}",
            TriggerKind.KAFKA, "{\"function\": \"hello\", \"topics\": [\"orders\"]}",
            TriggerKind.NATS, "{\"function\": \"hello\", \"subject\": \"orders.created\"}");

    private TestTriggers() {
    }

    public static <T extends Trigger<S>, S extends TriggerSpec> T of(TriggerKind<T, S> kind, String namespace,
            String name, String specJson) {
        S spec = StrictBinding.bind(JSON.readTree(specJson), kind.specType(), "spec");
        return kind.assemble(ObjectMeta.named(namespace, name), spec, null);
    }

    public static <T extends Trigger<S>, S extends TriggerSpec> T valid(TriggerKind<T, S> kind, String namespace,
            String name) {
        return of(kind, namespace, name, VALID_SPECS.get(kind));
    }

    public static HttpTrigger http(String specJson) {
        return of(TriggerKind.HTTP, "default", "route", specJson);
    }

    public static CronTrigger cron(String specJson) {
        return of(TriggerKind.CRON, "default", "tick", specJson);
    }

    public static KafkaTrigger kafka(String specJson) {
        return of(TriggerKind.KAFKA, "default", "orders", specJson);
    }

    public static NatsTrigger nats(String specJson) {
        return of(TriggerKind.NATS, "default", "orders", specJson);
    }
}
