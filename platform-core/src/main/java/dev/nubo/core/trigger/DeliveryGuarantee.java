package dev.nubo.core.trigger;

/**
 * atLeastOnce (default): a record is acknowledged only after a 2xx answer or after it went to the dead letter;
 * atMostOnce: acknowledged before the call (Kubeless's behaviour), never retried.
 */
public enum DeliveryGuarantee { atLeastOnce, atMostOnce }
