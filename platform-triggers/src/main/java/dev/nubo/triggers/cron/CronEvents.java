package dev.nubo.triggers.cron;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import dev.nubo.core.trigger.CronTrigger;
import dev.nubo.core.trigger.CronTriggerSpec;
import dev.nubo.triggers.dispatch.FunctionEvent;
import tools.jackson.databind.json.JsonMapper;

/** The event a tick hands to a function (docs/function-contract.md, "Cron events"): a pure function of trigger and tick. */
final class CronEvents {

    static final String EMITTER = "cron.nubo.dev";
    static final String CLOUD_EVENT_TYPE = "dev.nubo.cron.tick";
    static final String DEFAULT_CONTENT_TYPE = "application/json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CronEvents() {
    }

    /**
     * {@code <trigger uid>@<tick>}: the same for every attempt and every platform instance, so a function that sees
     * an id twice knows it is the same tick.
     */
    static String eventId(String triggerUid, Instant tick) {
        return triggerUid + "@" + tick;
    }

    static FunctionEvent of(CronTrigger trigger, Instant tick) {
        CronTriggerSpec spec = trigger.spec();
        String contentType = null;
        byte[] data = new byte[0];
        if (spec.payload() != null) {
            contentType = spec.contentType() == null || spec.contentType().isBlank() ? DEFAULT_CONTENT_TYPE
                    : spec.contentType();
            data = !isJson(contentType) && spec.payload() instanceof String text
                    ? text.getBytes(StandardCharsets.UTF_8)
                    : JSON.writeValueAsBytes(spec.payload());
        }
        return new FunctionEvent(eventId(trigger.metadata().uid(), tick), tick, EMITTER, CLOUD_EVENT_TYPE, contentType,
                data, Map.of("ce-subject", trigger.name()));
    }

    /** {@code application/json} and {@code application/…+json}, with or without parameters. */
    static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || (mediaType.startsWith("application/")
                && mediaType.endsWith("+json"));
    }
}
