package dev.nubo.triggers.http;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.trigger.HttpTrigger;
import dev.nubo.core.trigger.HttpTriggerSpec;
import dev.nubo.core.trigger.HttpTriggerSpec.Cors;
import dev.nubo.core.trigger.HttpTriggerSpec.HttpAuth;
import dev.nubo.core.trigger.HttpTriggerSpec.RateLimit;

/** Stored-looking HttpTriggers for tests: uid = name, created at second {@code createdAt}. */
final class HttpTriggers {

    private HttpTriggers() {
    }

    static HttpTrigger trigger(String name, String host, String path, String function, int createdAt) {
        return stored("default", name, spec(function, host, path, List.of(), null, null, null, true), createdAt);
    }

    static HttpTrigger stored(String namespace, String name, HttpTriggerSpec spec, int createdAt) {
        return HttpTrigger.of(new ObjectMeta(name, namespace, Map.of(), name, 1L, "1",
                Instant.ofEpochSecond(1_800_000_000L + createdAt)), spec.withDefaults());
    }

    static HttpTriggerSpec spec(String function, String host, String path, List<String> methods, HttpAuth auth,
            Cors cors, RateLimit rateLimit, boolean enabled) {
        return new HttpTriggerSpec(function, null, host, path, null, methods, auth, cors, rateLimit, enabled);
    }
}
