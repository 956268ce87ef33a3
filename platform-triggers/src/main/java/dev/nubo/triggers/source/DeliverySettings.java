package dev.nubo.triggers.source;

import dev.nubo.core.trigger.DeliveryGuarantee;
import dev.nubo.core.trigger.Ordering;
import dev.nubo.core.trigger.RetryBackoff;

/**
 * How the dispatcher treats a trigger's records, from its spec (defaults filled in).
 *
 * @param maxRetries retries after the first attempt; atMostOnce allows none
 */
public record DeliverySettings(DeliveryGuarantee delivery, Ordering ordering, int maxConcurrency, int maxRetries,
        RetryBackoff backoff) {

    public DeliverySettings {
        backoff = RetryBackoff.withDefaults(backoff);
        if (delivery == DeliveryGuarantee.atMostOnce) {
            maxRetries = 0;
        }
    }

    public boolean atLeastOnce() {
        return delivery != DeliveryGuarantee.atMostOnce;
    }
}
