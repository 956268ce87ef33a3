package dev.nubo.core.quota;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The quota of each namespace; a namespace without one has none. {@link JdbcQuotaStore} in the database, or the
 * {@code spec.quota} of each Tenant custom resource on the Kubernetes backend (platform-kubernetes).
 */
public interface QuotaStore {

    Quota get(String namespace);

    /** Every namespace that has a quota. */
    Map<String, Quota> all();

    void put(String namespace, Quota quota);

    void forget(String namespace);

    /** {@code listener} gets the namespace whose quota changed (at least through this instance). */
    void subscribe(Consumer<String> listener);
}
