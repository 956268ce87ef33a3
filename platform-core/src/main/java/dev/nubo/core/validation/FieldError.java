package dev.nubo.core.validation;

/**
 * One thing wrong with a submitted object.
 *
 * @param field JSON path of the field, e.g. {@code spec.handler}
 * @param code  stable, e.g. {@code HANDLER_INVALID}
 */
public record FieldError(String field, String code, String message) {
}
