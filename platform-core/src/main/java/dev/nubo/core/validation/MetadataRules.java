package dev.nubo.core.validation;

import java.util.List;

import dev.nubo.core.model.ObjectMeta;

/** The metadata rules every kind shares (functions and each trigger kind), and how user input is echoed in messages. */
public final class MetadataRules {

    private MetadataRules() {
    }

    /** Name, namespace and labels; every broken rule is added to {@code errors}. */
    public static void check(ObjectMeta meta, List<FieldError> errors) {
        if (!Names.isDns1123Label(meta.name())) {
            errors.add(new FieldError("metadata.name", "NAME_INVALID",
                    "must be a DNS-1123 label: lower case letters, digits and '-', starting and ending with a"
                            + " letter or digit, at most 63 characters"));
        }
        if (meta.namespace() != null && !Names.isDns1123Label(meta.namespace())) {
            errors.add(new FieldError("metadata.namespace", "NAMESPACE_INVALID", "must be a DNS-1123 label"));
        }
        meta.labels().forEach((key, value) -> {
            if (!Names.isLabelKey(key) || !Names.isLabelValue(value)) {
                errors.add(new FieldError("metadata.labels", "LABEL_INVALID",
                        "label " + printable(key) + " is not a valid Kubernetes label key/value"));
            }
        });
    }

    /** Echoing user input into messages: keep it printable and short. */
    public static String printable(String value) {
        if (value == null) {
            return "null";
        }
        String clean = value.replaceAll("[^\\x20-\\x7e]", "?");
        return "'" + (clean.length() > 64 ? clean.substring(0, 64) + "…" : clean) + "'";
    }
}
