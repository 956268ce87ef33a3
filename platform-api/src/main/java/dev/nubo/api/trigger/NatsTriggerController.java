package dev.nubo.api.trigger;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.nubo.api.ApiProperties;
import dev.nubo.core.trigger.NatsTrigger;
import dev.nubo.core.trigger.NatsTriggerSpec;
import dev.nubo.core.trigger.service.TriggerManifests;
import dev.nubo.core.trigger.service.TriggerService;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code /api/v1/namespaces/{ns}/natstriggers}. */
@RestController
@RequestMapping("/api/v1/namespaces/{namespace}/natstriggers")
@Tag(name = "NATS triggers",
        description = "Calls functions with the messages of a NATS JetStream subject")
class NatsTriggerController extends TriggerController<NatsTrigger, NatsTriggerSpec> {

    NatsTriggerController(TriggerService<NatsTrigger, NatsTriggerSpec> triggers, TriggerManifests manifests,
            ApiProperties properties) {
        super(triggers, manifests, properties.maxRequestBytes());
    }
}
