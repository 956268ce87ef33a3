package dev.nubo.core.quota;

/**
 * What the gateway measures of each namespace's calls, for the quota's usage. The gateway implements it; where no
 * gateway runs in this process (the API alone) the usage shows none.
 */
@FunctionalInterface
public interface GatewayCallRates {

    GatewayCallRates NONE = namespace -> null;

    /** Calls per second into the namespace's functions at the gateway, averaged over the last seconds; null: unknown. */
    Double callsPerSecond(String namespace);
}
