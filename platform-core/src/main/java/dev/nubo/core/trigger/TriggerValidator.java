package dev.nubo.core.trigger;

import java.util.List;

import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.ValidationException;

/**
 * The one validation of a trigger kind, used by the API (422), the console (field errors) and the dispatchers
 * (Ready=False, reason SpecInvalid). It reports every problem at once, and accepts both forms of a trigger: as
 * submitted (unset fields mean their default, clear-text secrets) and as stored (defaults filled, secrets hashed).
 */
public interface TriggerValidator<T extends Trigger<?>> {

    List<FieldError> validate(T trigger);

    /** Throws {@link ValidationException} listing every problem. */
    default void check(T trigger) {
        List<FieldError> errors = validate(trigger);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }
}
