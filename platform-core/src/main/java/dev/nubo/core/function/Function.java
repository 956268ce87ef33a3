package dev.nubo.core.function;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.model.Resource;

/** A function: code + handler + runtime (spec), and what the platform made of it (status). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec", "status"})
public record Function(String apiVersion, String kind, ObjectMeta metadata, FunctionSpec spec, FunctionStatus status)
        implements Resource<FunctionSpec, FunctionStatus> {

    public static final String KIND = "Function";

    public static Function of(ObjectMeta metadata, FunctionSpec spec) {
        return new Function(API_VERSION, KIND, metadata, spec, null);
    }

    public String namespace() {
        return metadata.namespace();
    }

    public String name() {
        return metadata.name();
    }

    public long generation() {
        return metadata.generation() == null ? 0 : metadata.generation();
    }

    public Function withMetadata(ObjectMeta meta) {
        return new Function(apiVersion, kind, meta, spec, status);
    }

    public Function withSpec(FunctionSpec newSpec) {
        return new Function(apiVersion, kind, metadata, newSpec, status);
    }

    public Function withStatus(FunctionStatus newStatus) {
        return new Function(apiVersion, kind, metadata, spec, newStatus);
    }

    @Override
    public String toString() {
        return "Function(" + metadata.namespace() + "/" + metadata.name() + " gen " + metadata.generation() + ")";
    }
}
