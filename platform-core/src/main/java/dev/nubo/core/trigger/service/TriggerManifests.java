package dev.nubo.core.trigger.service;

import java.util.List;

import dev.nubo.core.kubeless.KubelessFunctionConverter;
import dev.nubo.core.kubeless.KubelessTriggerConverter;
import dev.nubo.core.model.Resource;
import dev.nubo.core.trigger.Trigger;
import dev.nubo.core.trigger.TriggerDocument;
import dev.nubo.core.trigger.TriggerKind;
import dev.nubo.core.trigger.TriggerSpec;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.StrictBinding;
import dev.nubo.core.validation.ValidationException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a submitted trigger of one kind, already parsed from JSON or YAML: the native {@code nubo.dev/v1} shape
 * (unknown fields refused; {@code status} ignored, it is the platform's), or the kind's Kubeless manifest, converted.
 */
public class TriggerManifests {

    private final KubelessTriggerConverter kubeless;

    public TriggerManifests(KubelessTriggerConverter kubeless) {
        this.kubeless = kubeless;
    }

    public <T extends Trigger<S>, S extends TriggerSpec> TriggerDocument<T> read(TriggerKind<T, S> kind,
            JsonNode manifest) {
        if (manifest == null || !manifest.isObject()) {
            throw new ValidationException(List.of(new FieldError("$", "FIELD_INVALID", "a trigger is a JSON object")));
        }
        if (KubelessTriggerConverter.isKubeless(manifest)) {
            return kubeless.convert(kind, manifest);
        }
        String apiVersion = manifest.path("apiVersion").asString(Resource.API_VERSION);
        String given = manifest.path("kind").asString(kind.kind());
        if (!Resource.API_VERSION.equals(apiVersion) || !kind.kind().equals(given)) {
            String hint = TriggerKind.byKind(given).filter(other -> other != kind)
                    .map(other -> "; send a " + given + " to the " + other.plural() + " collection").orElse("");
            throw new ValidationException(List.of(new FieldError("kind", "KIND_UNSUPPORTED",
                    "this collection takes apiVersion " + Resource.API_VERSION + " kind " + kind.kind() + " (or a "
                            + KubelessFunctionConverter.API_VERSION + " " + kind.kubelessKind() + ")" + hint)));
        }
        ObjectNode withoutStatus = ((ObjectNode) manifest).deepCopy();
        withoutStatus.remove("status");
        T trigger = StrictBinding.bind(withoutStatus, kind.type());
        return new TriggerDocument<>(kind.assemble(trigger.metadata(), trigger.spec(), null), List.of());
    }
}
