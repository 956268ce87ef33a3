package dev.nubo.core.trigger;

import dev.nubo.core.model.Resource;

/** A stored trigger of any kind: its spec names the functions it calls, its status says how firing goes. */
public interface Trigger<S extends TriggerSpec> extends Resource<S, TriggerStatus> {

    String apiVersion();

    String kind();

    default String namespace() {
        return metadata().namespace();
    }

    default String name() {
        return metadata().name();
    }

    default long generation() {
        return metadata().generation() == null ? 0 : metadata().generation();
    }
}
