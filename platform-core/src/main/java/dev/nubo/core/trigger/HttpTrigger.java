package dev.nubo.core.trigger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.nubo.core.model.ObjectMeta;

/** Routes gateway requests by host and path prefix to one function, with its own auth, CORS and rate limit. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public record HttpTrigger(String apiVersion, String kind, ObjectMeta metadata, HttpTriggerSpec spec,
        TriggerStatus status) implements Trigger<HttpTriggerSpec> {

    public static final String KIND = "HttpTrigger";
    public static final String PLURAL = "httptriggers";

    public static HttpTrigger of(ObjectMeta metadata, HttpTriggerSpec spec) {
        return new HttpTrigger(API_VERSION, KIND, metadata, spec, null);
    }

    public HttpTrigger withMetadata(ObjectMeta meta) {
        return new HttpTrigger(apiVersion, kind, meta, spec, status);
    }

    public HttpTrigger withSpec(HttpTriggerSpec newSpec) {
        return new HttpTrigger(apiVersion, kind, metadata, newSpec, status);
    }

    public HttpTrigger withStatus(TriggerStatus newStatus) {
        return new HttpTrigger(apiVersion, kind, metadata, spec, newStatus);
    }
}
