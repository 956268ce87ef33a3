package dev.nubo.core.trigger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.nubo.core.model.ObjectMeta;

/** Calls functions with the messages of a NATS JetStream subject (the second event source of the SPI). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public record NatsTrigger(String apiVersion, String kind, ObjectMeta metadata, NatsTriggerSpec spec,
        TriggerStatus status) implements Trigger<NatsTriggerSpec> {

    public static final String KIND = "NatsTrigger";
    public static final String PLURAL = "natstriggers";

    public static NatsTrigger of(ObjectMeta metadata, NatsTriggerSpec spec) {
        return new NatsTrigger(API_VERSION, KIND, metadata, spec, null);
    }

    public NatsTrigger withMetadata(ObjectMeta meta) {
        return new NatsTrigger(apiVersion, kind, meta, spec, status);
    }

    public NatsTrigger withSpec(NatsTriggerSpec newSpec) {
        return new NatsTrigger(apiVersion, kind, metadata, newSpec, status);
    }

    public NatsTrigger withStatus(TriggerStatus newStatus) {
        return new NatsTrigger(apiVersion, kind, metadata, spec, newStatus);
    }
}
