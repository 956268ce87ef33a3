package dev.nubo.core.secret;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.Names;
import dev.nubo.core.validation.ValidationException;

/** A secret's name, keys and size, checked before anything is stored; values are never echoed in a message. */
public final class SecretValidator {

    /** As Kubernetes: letters, digits, '-', '_' and '.'. */
    static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");
    public static final int MAX_BYTES = 1 << 20;

    private SecretValidator() {
    }

    public static void check(String name, Map<String, String> data) {
        List<FieldError> errors = new ArrayList<>();
        if (!Names.isDns1123Label(name)) {
            errors.add(new FieldError("metadata.name", "NAME_INVALID", "must be a DNS-1123 label"));
        }
        if (data == null || data.isEmpty()) {
            errors.add(new FieldError("data", "SECRET_EMPTY", "give at least one key with its value"));
        } else {
            long bytes = 0;
            for (Map.Entry<String, String> entry : data.entrySet()) {
                if (!KEY.matcher(entry.getKey()).matches() || entry.getKey().equals(".")
                        || entry.getKey().equals("..")) {
                    errors.add(new FieldError("data", "SECRET_KEY_INVALID", "key names use letters, digits, '-', '_'"
                            + " and '.', at most 253 characters"));
                }
                if (entry.getValue() == null) {
                    errors.add(new FieldError("data." + entry.getKey(), "SECRET_VALUE_MISSING", "a value is required"));
                } else {
                    bytes += entry.getValue().getBytes(StandardCharsets.UTF_8).length;
                }
            }
            if (bytes > MAX_BYTES) {
                errors.add(new FieldError("data", "SECRET_TOO_LARGE", "at most 1 MiB of values"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }
}
