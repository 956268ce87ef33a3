package dev.nubo.core.trigger;

/** Condition type and reasons of triggers. */
public final class TriggerConditions {

    /** True: the trigger fires (route installed, schedule armed, consumer running). */
    public static final String READY = "Ready";

    /** Stored, not yet picked up by the dispatcher of its kind (the status a new trigger starts with). */
    public static final String REASON_PENDING = "Pending";
    public static final String REASON_ACTIVE = "Active";
    public static final String REASON_DISABLED = "Disabled";
    /** No function with the trigger's name or matching its selector exists (yet): the trigger waits. */
    public static final String REASON_FUNCTION_NOT_FOUND = "FunctionNotFound";
    /** The broker or source cannot be reached; the trigger keeps trying. */
    public static final String REASON_SOURCE_UNAVAILABLE = "SourceUnavailable";
    public static final String REASON_SPEC_INVALID = "SpecInvalid";
    /** Another trigger already serves the same host and path. */
    public static final String REASON_ROUTE_CONFLICT = "RouteConflict";
    /** An HTTP trigger's selector matches several functions: one call has one answer, so it routes to none. */
    public static final String REASON_SELECTOR_MATCHES_SEVERAL = "SelectorMatchesSeveral";

    private TriggerConditions() {
    }
}
