package dev.nubo.core.trigger;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A Kubernetes label selector (Kubeless's {@code functionSelector}): every {@code matchLabels} pair and every
 * expression must hold. An empty selector matches nothing here, on purpose: a trigger that silently called every
 * function of a namespace would be a trap.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

    public LabelSelector {
        matchLabels = matchLabels == null ? Map.of() : Map.copyOf(matchLabels);
        matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
    }

    public static LabelSelector of(Map<String, String> labels) {
        return new LabelSelector(labels, List.of());
    }

    /** One expression: {@code In}, {@code NotIn} (with values), {@code Exists}, {@code DoesNotExist} (without). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Requirement(String key, String operator, List<String> values) {

        public static final List<String> OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist");

        public Requirement {
            values = values == null ? List.of() : List.copyOf(values);
        }

        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
        }
    }

    @JsonIgnore // not a property: Jackson would write "empty": false into every selector
    public boolean isEmpty() {
        return matchLabels.isEmpty() && matchExpressions.isEmpty();
    }

    public boolean matches(Map<String, String> labels) {
        if (isEmpty()) {
            return false;
        }
        Map<String, String> actual = labels == null ? Map.of() : labels;
        return matchLabels.entrySet().stream().allMatch(e -> e.getValue().equals(actual.get(e.getKey())))
                && matchExpressions.stream().allMatch(r -> r.matches(actual));
    }
}
