package dev.nubo.core.store;

import dev.nubo.core.trigger.KafkaTrigger;
import dev.nubo.core.trigger.KafkaTriggerSpec;
import dev.nubo.core.trigger.TriggerStatus;

/**
 * The stored KafkaTriggers: {@link JdbcKafkaTriggerStore} on H2/PostgreSQL, or the KafkaTrigger custom resources on the Kubernetes backend
 * (platform-kubernetes).
 */
public interface KafkaTriggerStore extends ResourceStore<KafkaTrigger, KafkaTriggerSpec, TriggerStatus> {
}
