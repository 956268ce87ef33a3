package dev.nubo.core.trigger;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.MetadataRules;
import dev.nubo.core.validation.Names;

/** Rules every trigger kind shares: metadata, its target (function or selector), retry settings, printable echoes. */
final class TriggerChecks {

    static final int MAX_CONCURRENCY = 1024;
    static final int MAX_RETRIES = 100;
    static final long MAX_BACKOFF_MILLIS = 24 * 60 * 60 * 1000L;
    static final double MAX_MULTIPLIER = 100;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private TriggerChecks() {
    }

    /** Metadata and spec present, names DNS-1123, labels valid, and exactly one target. */
    static List<FieldError> common(Trigger<?> trigger, List<FieldError> errors, boolean selectorAllowed) {
        ObjectMeta meta = trigger.metadata();
        if (meta == null) {
            errors.add(new FieldError("metadata", "METADATA_REQUIRED", "metadata with a name is required"));
        } else {
            MetadataRules.check(meta, errors);
        }
        if (trigger.spec() == null) {
            errors.add(new FieldError("spec", "SPEC_REQUIRED", "spec is required"));
        } else {
            target(trigger.spec(), selectorAllowed, errors);
        }
        return errors;
    }

    private static void target(TriggerSpec spec, boolean selectorAllowed, List<FieldError> errors) {
        String function = spec.function();
        LabelSelector selector = spec.functionSelector();
        if (!selectorAllowed && selector != null) {
            errors.add(new FieldError("spec.functionSelector", "FUNCTION_SELECTOR_UNSUPPORTED",
                    "an HTTP request has one answer, so an HTTP trigger calls one function: name it in spec.function"));
        } else if (function != null && selector != null) {
            errors.add(new FieldError("spec.functionSelector", "TARGET_AMBIGUOUS",
                    "give spec.function (one function by name) or spec.functionSelector (functions by label), not both"));
        } else if (function == null && selector == null) {
            errors.add(new FieldError("spec.function", "TARGET_REQUIRED", selectorAllowed
                    ? "name the function to call in spec.function, or choose functions by label in spec.functionSelector"
                    : "name the function to call in spec.function"));
        }
        if (function != null && !Names.isDns1123Label(function)) {
            errors.add(new FieldError("spec.function", "FUNCTION_NAME_INVALID",
                    "function " + printable(function) + " is not a function name (a DNS-1123 label)"));
        }
        if (selector != null && selectorAllowed) {
            selector("spec.functionSelector", selector, errors);
        }
    }

    /** A Kubernetes label selector that selects something: valid keys and values, known operators. */
    static void selector(String field, LabelSelector selector, List<FieldError> errors) {
        if (selector.isEmpty()) {
            errors.add(new FieldError(field, "SELECTOR_EMPTY",
                    "an empty selector would match nothing: give matchLabels or matchExpressions"));
            return;
        }
        selector.matchLabels().forEach((key, value) -> {
            if (!Names.isLabelKey(key)) {
                errors.add(new FieldError(field + ".matchLabels", "SELECTOR_INVALID",
                        "label key " + printable(key) + " is not a valid Kubernetes label key"));
            } else if (!Names.isLabelValue(value)) {
                errors.add(new FieldError(field + ".matchLabels", "SELECTOR_INVALID",
                        "value " + printable(value) + " of label " + key + " is not a valid Kubernetes label value"));
            }
        });
        List<LabelSelector.Requirement> expressions = selector.matchExpressions();
        for (int i = 0; i < expressions.size(); i++) {
            requirement(field + ".matchExpressions[" + i + "]", expressions.get(i), errors);
        }
    }

    private static void requirement(String field, LabelSelector.Requirement requirement, List<FieldError> errors) {
        if (requirement == null) {
            errors.add(new FieldError(field, "SELECTOR_INVALID", "an expression needs key and operator"));
            return;
        }
        if (!Names.isLabelKey(requirement.key())) {
            errors.add(new FieldError(field + ".key", "SELECTOR_INVALID",
                    "label key " + printable(requirement.key()) + " is not a valid Kubernetes label key"));
        }
        String operator = requirement.operator();
        if (!LabelSelector.Requirement.OPERATORS.contains(operator)) {
            errors.add(new FieldError(field + ".operator", "SELECTOR_OPERATOR_INVALID",
                    "operator " + printable(operator) + " is not one of " + String.join(", ",
                            LabelSelector.Requirement.OPERATORS)));
            return;
        }
        boolean needsValues = operator.equals("In") || operator.equals("NotIn");
        if (needsValues && requirement.values().isEmpty()) {
            errors.add(new FieldError(field + ".values", "SELECTOR_INVALID",
                    "operator " + operator + " needs at least one value"));
        } else if (!needsValues && !requirement.values().isEmpty()) {
            errors.add(new FieldError(field + ".values", "SELECTOR_INVALID",
                    "operator " + operator + " takes no values"));
        }
        for (String value : requirement.values()) {
            if (!Names.isLabelValue(value)) {
                errors.add(new FieldError(field + ".values", "SELECTOR_INVALID",
                        "value " + printable(value) + " is not a valid Kubernetes label value"));
            }
        }
    }

    static void range(String field, Integer value, int min, int max, List<FieldError> errors) {
        if (value != null && (value < min || value > max)) {
            errors.add(new FieldError(field, "OUT_OF_RANGE", "must be between " + min + " and " + max));
        }
    }

    /** initial ≥ 1 ms, multiplier ≥ 1, max ≥ initial; all bounded so delays cannot overflow. */
    static void backoff(String field, RetryBackoff backoff, List<FieldError> errors) {
        if (backoff == null) {
            return;
        }
        RetryBackoff effective = RetryBackoff.withDefaults(backoff);
        if (effective.initialMillis() < 1 || effective.initialMillis() > MAX_BACKOFF_MILLIS) {
            errors.add(new FieldError(field + ".initialMillis", "BACKOFF_INVALID",
                    "must be between 1 and " + MAX_BACKOFF_MILLIS + " milliseconds"));
        }
        double multiplier = effective.multiplier();
        if (!(multiplier >= 1 && multiplier <= MAX_MULTIPLIER)) {
            errors.add(new FieldError(field + ".multiplier", "BACKOFF_INVALID",
                    "must be between 1 (the same wait every time) and " + (int) MAX_MULTIPLIER));
        }
        if (effective.maxMillis() > MAX_BACKOFF_MILLIS) {
            errors.add(new FieldError(field + ".maxMillis", "BACKOFF_INVALID",
                    "must be at most " + MAX_BACKOFF_MILLIS + " milliseconds (one day)"));
        } else if (effective.maxMillis() < effective.initialMillis()) {
            errors.add(new FieldError(field + ".maxMillis", "BACKOFF_INVALID",
                    "must not be below initialMillis (" + effective.initialMillis() + ")"));
        }
    }

    /** Every entry of a list present and unique. */
    static <V> boolean unique(List<V> values) {
        Set<V> seen = new HashSet<>();
        return values.stream().allMatch(seen::add);
    }

    static boolean hasControlCharacters(String value) {
        return CONTROL.matcher(value).find();
    }

    static String printable(String value) {
        return MetadataRules.printable(value);
    }
}
