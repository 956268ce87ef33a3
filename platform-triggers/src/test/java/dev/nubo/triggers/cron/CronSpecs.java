package dev.nubo.triggers.cron;

import dev.nubo.core.trigger.CronTriggerSpec;
import dev.nubo.core.trigger.CronTriggerSpec.ConcurrencyPolicy;
import dev.nubo.core.trigger.LabelSelector;

/** CronTrigger specs for tests, changed one field at a time. */
final class CronSpecs {

    private CronSpecs() {
    }

    static CronTriggerSpec calling(String function, String schedule) {
        return new CronTriggerSpec(function, null, schedule, null, null, null, null, null, null);
    }

    static CronTriggerSpec selecting(LabelSelector selector, String schedule) {
        return new CronTriggerSpec(null, selector, schedule, null, null, null, null, null, null);
    }

    static CronTriggerSpec schedule(CronTriggerSpec s, String schedule) {
        return new CronTriggerSpec(s.function(), s.functionSelector(), schedule, s.timeZone(), s.payload(),
                s.contentType(), s.concurrencyPolicy(), s.catchUp(), s.enabled());
    }

    static CronTriggerSpec timeZone(CronTriggerSpec s, String zone) {
        return new CronTriggerSpec(s.function(), s.functionSelector(), s.schedule(), zone, s.payload(),
                s.contentType(), s.concurrencyPolicy(), s.catchUp(), s.enabled());
    }

    static CronTriggerSpec payload(CronTriggerSpec s, Object payload, String contentType) {
        return new CronTriggerSpec(s.function(), s.functionSelector(), s.schedule(), s.timeZone(), payload,
                contentType, s.concurrencyPolicy(), s.catchUp(), s.enabled());
    }

    static CronTriggerSpec policy(CronTriggerSpec s, ConcurrencyPolicy policy) {
        return new CronTriggerSpec(s.function(), s.functionSelector(), s.schedule(), s.timeZone(), s.payload(),
                s.contentType(), policy, s.catchUp(), s.enabled());
    }

    static CronTriggerSpec catchUp(CronTriggerSpec s, boolean catchUp) {
        return new CronTriggerSpec(s.function(), s.functionSelector(), s.schedule(), s.timeZone(), s.payload(),
                s.contentType(), s.concurrencyPolicy(), catchUp, s.enabled());
    }

    static CronTriggerSpec enabled(CronTriggerSpec s, boolean enabled) {
        return new CronTriggerSpec(s.function(), s.functionSelector(), s.schedule(), s.timeZone(), s.payload(),
                s.contentType(), s.concurrencyPolicy(), s.catchUp(), enabled);
    }
}
