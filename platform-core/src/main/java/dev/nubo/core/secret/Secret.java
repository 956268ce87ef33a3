package dev.nubo.core.secret;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.model.Resource;

/**
 * Named values of a namespace — passwords, API keys — stored encrypted and handed only to the functions that name
 * them. {@code data} travels one way: in with a create or replace, never out; a read shows the {@code keys}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "keys", "data"})
public record Secret(String apiVersion, String kind, ObjectMeta metadata, List<String> keys, Map<String, String> data) {

    public static final String KIND = "Secret";

    /** What a read shows: metadata and key names. */
    public static Secret described(ObjectMeta metadata, List<String> keys) {
        return new Secret(Resource.API_VERSION, KIND, metadata, List.copyOf(keys), null);
    }
}
