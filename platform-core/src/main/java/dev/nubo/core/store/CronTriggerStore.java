package dev.nubo.core.store;

import dev.nubo.core.trigger.CronTrigger;
import dev.nubo.core.trigger.CronTriggerSpec;
import dev.nubo.core.trigger.TriggerStatus;

/**
 * The stored CronTriggers: {@link JdbcCronTriggerStore} on H2/PostgreSQL, or the CronTrigger custom resources on the Kubernetes backend
 * (platform-kubernetes).
 */
public interface CronTriggerStore extends ResourceStore<CronTrigger, CronTriggerSpec, TriggerStatus> {
}
