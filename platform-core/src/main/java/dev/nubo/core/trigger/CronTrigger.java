package dev.nubo.core.trigger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.nubo.core.model.ObjectMeta;

/** Calls functions on a schedule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public record CronTrigger(String apiVersion, String kind, ObjectMeta metadata, CronTriggerSpec spec,
        TriggerStatus status) implements Trigger<CronTriggerSpec> {

    public static final String KIND = "CronTrigger";
    public static final String PLURAL = "crontriggers";

    public static CronTrigger of(ObjectMeta metadata, CronTriggerSpec spec) {
        return new CronTrigger(API_VERSION, KIND, metadata, spec, null);
    }

    public CronTrigger withMetadata(ObjectMeta meta) {
        return new CronTrigger(apiVersion, kind, meta, spec, status);
    }

    public CronTrigger withSpec(CronTriggerSpec newSpec) {
        return new CronTrigger(apiVersion, kind, metadata, newSpec, status);
    }

    public CronTrigger withStatus(TriggerStatus newStatus) {
        return new CronTrigger(apiVersion, kind, metadata, spec, newStatus);
    }
}
