package dev.nubo.core.trigger;

/**
 * partition (default): one call at a time per partition, in order; key: in order per record key, many keys of one
 * partition at once; none: up to maxConcurrency calls at once, in any order.
 */
public enum Ordering { partition, key, none }
