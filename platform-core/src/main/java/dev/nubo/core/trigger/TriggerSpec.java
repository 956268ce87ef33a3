package dev.nubo.core.trigger;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonAutoDetect;

import dev.nubo.core.function.Function;

/**
 * What every trigger kind says about its target: one function by name, or every function of the trigger's namespace
 * whose labels match {@code functionSelector} (exactly one of the two), and whether it fires at all.
 *
 * <p>Is-getters are not JSON properties here: a {@code @JsonIgnore} on {@link #isEnabled()} would also drop the
 * {@code enabled} field it shares a name with when reading (a stored {@code "enabled": false} came back as null).
 */
@JsonAutoDetect(isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public interface TriggerSpec {

    /** The one function this trigger calls, or null when a selector chooses. */
    String function();

    /** Chooses the functions by label, or null when {@code function} names one. */
    LabelSelector functionSelector();

    /**
     * Null means true: a trigger fires unless disabled. Implementations annotate their {@code enabled} component with
     * {@code @JsonProperty}: otherwise the ignored {@link #isEnabled()} makes Jackson drop the whole property when
     * reading, and a disabled trigger would come back enabled from the store.
     */
    Boolean enabled();

    default boolean isEnabled() {
        return enabled() == null || enabled();
    }

    /** Whether {@code candidate} (of the trigger's namespace) is one of this trigger's targets. */
    default boolean targets(Function candidate) {
        if (function() != null) {
            return function().equals(candidate.name());
        }
        return functionSelector() != null && functionSelector().matches(candidate.metadata().labels());
    }

    /** The targets among a namespace's functions, in their order. */
    default List<Function> targetsAmong(List<Function> namespaceFunctions) {
        return namespaceFunctions.stream().filter(this::targets).toList();
    }
}
