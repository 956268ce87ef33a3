package dev.nubo.core.store;

import dev.nubo.core.trigger.HttpTrigger;
import dev.nubo.core.trigger.HttpTriggerSpec;
import dev.nubo.core.trigger.TriggerStatus;

/**
 * The stored HttpTriggers: {@link JdbcHttpTriggerStore} on H2/PostgreSQL, or the HttpTrigger custom resources on the Kubernetes backend
 * (platform-kubernetes).
 */
public interface HttpTriggerStore extends ResourceStore<HttpTrigger, HttpTriggerSpec, TriggerStatus> {
}
