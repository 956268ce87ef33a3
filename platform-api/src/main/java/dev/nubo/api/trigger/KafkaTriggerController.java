package dev.nubo.api.trigger;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.nubo.api.ApiProperties;
import dev.nubo.core.trigger.KafkaTrigger;
import dev.nubo.core.trigger.KafkaTriggerSpec;
import dev.nubo.core.trigger.service.TriggerManifests;
import dev.nubo.core.trigger.service.TriggerService;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code /api/v1/namespaces/{ns}/kafkatriggers}. */
@RestController
@RequestMapping("/api/v1/namespaces/{namespace}/kafkatriggers")
@Tag(name = "Kafka triggers",
        description = "Calls functions with the records of Kafka topics")
class KafkaTriggerController extends TriggerController<KafkaTrigger, KafkaTriggerSpec> {

    KafkaTriggerController(TriggerService<KafkaTrigger, KafkaTriggerSpec> triggers, TriggerManifests manifests,
            ApiProperties properties) {
        super(triggers, manifests, properties.maxRequestBytes());
    }
}
