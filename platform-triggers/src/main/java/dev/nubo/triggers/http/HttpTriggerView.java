package dev.nubo.triggers.http;

import java.util.List;

import dev.nubo.core.model.Condition;

/**
 * What the gateway made of one generation of an HttpTrigger: the part of its status the route table decides.
 *
 * @param functions the trigger's function when it exists, else empty
 */
public record HttpTriggerView(String namespace, String name, String uid, long generation, Condition ready,
        List<String> functions) {

    public HttpTriggerView {
        functions = List.copyOf(functions);
    }

    /** Same for a reader of the status. */
    boolean sameAs(HttpTriggerView other) {
        return other != null && uid.equals(other.uid) && generation == other.generation && ready.sameAs(other.ready)
                && functions.equals(other.functions);
    }
}
