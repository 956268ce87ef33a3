package dev.nubo.core.trigger;

import java.util.List;

/**
 * A trigger read from a submitted manifest, with what the reader wants the submitter to know: fields of a Kubeless
 * manifest that have no meaning here and were ignored, behaviour that differs from Kubeless.
 */
public record TriggerDocument<T extends Trigger<?>>(T trigger, List<String> warnings) {

    public TriggerDocument {
        warnings = List.copyOf(warnings);
    }
}
