package dev.nubo.core.trigger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.nubo.core.model.ObjectMeta;

/** Calls functions with the records of Kafka topics. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public record KafkaTrigger(String apiVersion, String kind, ObjectMeta metadata, KafkaTriggerSpec spec,
        TriggerStatus status) implements Trigger<KafkaTriggerSpec> {

    public static final String KIND = "KafkaTrigger";
    public static final String PLURAL = "kafkatriggers";

    public static KafkaTrigger of(ObjectMeta metadata, KafkaTriggerSpec spec) {
        return new KafkaTrigger(API_VERSION, KIND, metadata, spec, null);
    }

    public KafkaTrigger withMetadata(ObjectMeta meta) {
        return new KafkaTrigger(apiVersion, kind, meta, spec, status);
    }

    public KafkaTrigger withSpec(KafkaTriggerSpec newSpec) {
        return new KafkaTrigger(apiVersion, kind, metadata, newSpec, status);
    }

    public KafkaTrigger withStatus(TriggerStatus newStatus) {
        return new KafkaTrigger(apiVersion, kind, metadata, spec, newStatus);
    }
}
