package dev.nubo.core.store;

import dev.nubo.core.trigger.NatsTrigger;
import dev.nubo.core.trigger.NatsTriggerSpec;
import dev.nubo.core.trigger.TriggerStatus;

/**
 * The stored NatsTriggers: {@link JdbcNatsTriggerStore} on H2/PostgreSQL, or the NatsTrigger custom resources on the Kubernetes backend
 * (platform-kubernetes).
 */
public interface NatsTriggerStore extends ResourceStore<NatsTrigger, NatsTriggerSpec, TriggerStatus> {
}
