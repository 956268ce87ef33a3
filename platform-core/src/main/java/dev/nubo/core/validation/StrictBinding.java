package dev.nubo.core.validation;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binds a submitted document (already parsed from JSON or YAML) to a model type, refusing unknown fields: a typo such
 * as {@code timeoutSecond} must not pass silently. Failures are field errors; their messages name the expected type
 * and never echo the submitted value (it may be a secret).
 */
public final class StrictBinding {

    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private StrictBinding() {
    }

    /** @throws ValidationException with FIELD_UNKNOWN or FIELD_INVALID */
    public static <T> T bind(JsonNode tree, Class<T> type) {
        return bind(tree, type, "");
    }

    /**
     * Binds a part of a document.
     *
     * @param at the part's path in the whole document (e.g. {@code spec.functionSelector}), to name failing fields
     */
    public static <T> T bind(JsonNode tree, Class<T> type, String at) {
        try {
            return STRICT.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw new ValidationException(List.of(new FieldError(path(at, e), "FIELD_UNKNOWN",
                    "unknown field '" + e.getPropertyName() + "'")));
        } catch (JacksonException e) {
            throw new ValidationException(List.of(new FieldError(path(at, e), "FIELD_INVALID", expected(e))));
        }
    }

    /** The JSON path of the failing field: {@code spec.auth.users[0].username}. */
    public static String path(JacksonException e) {
        return path("", e);
    }

    private static String path(String at, JacksonException e) {
        StringBuilder path = new StringBuilder(at);
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "$" : path.toString();
    }

    private static String expected(JacksonException e) {
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            return "must be one of " + Arrays.stream(invalid.getTargetType().getEnumConstants())
                    .map(String::valueOf).collect(Collectors.joining(", "));
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return "must be " + describe(mismatched.getTargetType());
        }
        return "cannot be read as this field's type";
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        }
        if (type == String.class) {
            return "text";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }
}
