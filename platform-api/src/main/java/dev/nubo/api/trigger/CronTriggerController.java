package dev.nubo.api.trigger;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.nubo.api.ApiProperties;
import dev.nubo.core.trigger.CronTrigger;
import dev.nubo.core.trigger.CronTriggerSpec;
import dev.nubo.core.trigger.service.TriggerManifests;
import dev.nubo.core.trigger.service.TriggerService;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code /api/v1/namespaces/{ns}/crontriggers}. */
@RestController
@RequestMapping("/api/v1/namespaces/{namespace}/crontriggers")
@Tag(name = "Cron triggers",
        description = "Calls functions on a schedule; status.nextFireTimes shows the next five ticks")
class CronTriggerController extends TriggerController<CronTrigger, CronTriggerSpec> {

    CronTriggerController(TriggerService<CronTrigger, CronTriggerSpec> triggers, TriggerManifests manifests,
            ApiProperties properties) {
        super(triggers, manifests, properties.maxRequestBytes());
    }
}
