package dev.nubo.api.trigger;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.nubo.api.ApiProperties;
import dev.nubo.core.trigger.HttpTrigger;
import dev.nubo.core.trigger.HttpTriggerSpec;
import dev.nubo.core.trigger.service.TriggerManifests;
import dev.nubo.core.trigger.service.TriggerService;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code /api/v1/namespaces/{ns}/httptriggers}. */
@RestController
@RequestMapping("/api/v1/namespaces/{namespace}/httptriggers")
@Tag(name = "HTTP triggers",
        description = "Routes on the gateway to one function, with auth, CORS and a rate limit")
class HttpTriggerController extends TriggerController<HttpTrigger, HttpTriggerSpec> {

    HttpTriggerController(TriggerService<HttpTrigger, HttpTriggerSpec> triggers, TriggerManifests manifests,
            ApiProperties properties) {
        super(triggers, manifests, properties.maxRequestBytes());
    }
}
