package dev.nubo.core.model;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A Kubernetes-style status condition: {@code status} is True, False or Unknown; {@code reason} a coarse
 * CamelCase word; {@code message} what a person needs to act.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Condition(
        @JsonPropertyDescription("What the condition is about, e.g. Ready.")
        String type,
        @JsonPropertyDescription("True, False or Unknown.")
        String status,
        @JsonPropertyDescription("A CamelCase word for programs.")
        String reason,
        @JsonPropertyDescription("What a person needs to know to act.")
        String message,
        @JsonPropertyDescription("When status last changed.")
        Instant lastTransitionTime) {

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    public static Condition of(String type, String status, String reason, String message) {
        return new Condition(type, status, reason, message, null);
    }

    @JsonIgnore
    public boolean isTrue() {
        return TRUE.equals(status);
    }

    /** Same type, status, reason and message: a rewrite would change nothing a reader cares about. */
    public boolean sameAs(Condition other) {
        return other != null && type.equals(other.type) && status.equals(other.status)
                && java.util.Objects.equals(reason, other.reason) && java.util.Objects.equals(message, other.message);
    }
}
