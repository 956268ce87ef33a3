package dev.nubo.core.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.nubo.core.trigger.LabelSelector.Requirement;
import dev.nubo.core.validation.StrictBinding;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.json.JsonMapper;

class LabelSelectorTest {

    private static final Map<String, String> LABELS = Map.of("app", "shop", "tier", "backend", "team", "a");

    @Test
    void everyMatchLabelsPairMustHold() {
        assertThat(LabelSelector.of(Map.of("app", "shop")).matches(LABELS)).isTrue();
        assertThat(LabelSelector.of(Map.of("app", "shop", "tier", "backend")).matches(LABELS)).isTrue();
        assertThat(LabelSelector.of(Map.of("app", "shop", "tier", "frontend")).matches(LABELS)).isFalse();
        assertThat(LabelSelector.of(Map.of("missing", "x")).matches(LABELS)).isFalse();
    }

    @Test
    void expressionsFollowKubernetesSemantics() {
        assertThat(expression("tier", "In", "backend", "db").matches(LABELS)).isTrue();
        assertThat(expression("tier", "In", "frontend").matches(LABELS)).isFalse();
        assertThat(expression("tier", "NotIn", "frontend").matches(LABELS)).isTrue();
        assertThat(expression("tier", "NotIn", "backend").matches(LABELS)).isFalse();
        assertThat(expression("owner", "NotIn", "x").matches(LABELS)).as("NotIn holds when the label is absent")
                .isTrue();
        assertThat(expression("owner", "In", "x").matches(LABELS)).isFalse();
        assertThat(expression("team", "Exists").matches(LABELS)).isTrue();
        assertThat(expression("owner", "Exists").matches(LABELS)).isFalse();
        assertThat(expression("owner", "DoesNotExist").matches(LABELS)).isTrue();
        assertThat(expression("team", "DoesNotExist").matches(LABELS)).isFalse();
    }

    @Test
    void labelsAndExpressionsMustAllHold() {
        LabelSelector both = new LabelSelector(Map.of("app", "shop"), List.of(new Requirement("tier", "In",
                List.of("frontend"))));
        assertThat(both.matches(LABELS)).isFalse();
        assertThat(both.matches(Map.of("app", "shop", "tier", "frontend"))).isTrue();
    }

    @Test
    void anEmptySelectorAndAnUnknownOperatorMatchNothing() {
        assertThat(new LabelSelector(null, null).matches(LABELS)).isFalse();
        assertThat(new LabelSelector(Map.of(), List.of()).isEmpty()).isTrue();
        assertThat(expression("app", "Like", "shop").matches(LABELS)).isFalse();
    }

    @Test
    void aFunctionWithoutLabelsIsMatchedOnlyByAbsence() {
        assertThat(LabelSelector.of(Map.of("app", "shop")).matches(null)).isFalse();
        assertThat(expression("app", "DoesNotExist").matches(null)).isTrue();
    }

    @Property(tries = 300)
    void aSelectorMadeOfSomeOfTheLabelsMatches(@ForAll("labels") Map<String, String> labels,
            @ForAll("keys") String key) {
        Map<String, String> subset = new HashMap<>(labels);
        subset.keySet().removeIf(k -> k.compareTo(key) < 0);
        if (subset.isEmpty()) {
            return;
        }
        assertThat(LabelSelector.of(subset).matches(labels)).isTrue();
        Map<String, String> contradicted = new HashMap<>(subset);
        contradicted.replaceAll((k, v) -> v + "x");
        assertThat(LabelSelector.of(contradicted).matches(labels)).isFalse();
    }

    @Property(tries = 300)
    void existsAndDoesNotExistAreOpposites(@ForAll("labels") Map<String, String> labels, @ForAll("keys") String key) {
        assertThat(expression(key, "Exists").matches(labels)).isEqualTo(labels.containsKey(key));
        assertThat(expression(key, "DoesNotExist").matches(labels)).isNotEqualTo(labels.containsKey(key));
    }

    @Property(tries = 300)
    void inAndNotInAreOpposites(@ForAll("labels") Map<String, String> labels, @ForAll("keys") String key,
            @ForAll("values") List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        boolean in = new LabelSelector(null, List.of(new Requirement(key, "In", values))).matches(labels);
        boolean notIn = new LabelSelector(null, List.of(new Requirement(key, "NotIn", values))).matches(labels);
        assertThat(in).isNotEqualTo(notIn);
        assertThat(in).isEqualTo(labels.containsKey(key) && values.contains(labels.get(key)));
    }

    /** Written as Kubernetes writes it (no extra fields), read back strictly, equal. */
    @Property(tries = 200)
    void aSelectorSurvivesJson(@ForAll("selectors") LabelSelector selector) {
        String written = JsonMapper.builder().build().writeValueAsString(selector);
        assertThat(written).doesNotContain("empty");
        assertThat(StrictBinding.bind(JsonMapper.builder().build().readTree(written), LabelSelector.class))
                .isEqualTo(selector);
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.of("app", "tier", "team", "example.com/owner", "version");
    }

    @Provide
    Arbitrary<List<String>> values() {
        return Arbitraries.of("a", "b", "shop", "backend", "v1").list().ofMaxSize(3).uniqueElements();
    }

    @Provide
    Arbitrary<Map<String, String>> labels() {
        return Arbitraries.maps(keys(), Arbitraries.of("a", "b", "shop", "backend", "v1")).ofMaxSize(5);
    }

    @Provide
    Arbitrary<LabelSelector> selectors() {
        Arbitrary<Requirement> requirement = Combinators.combine(keys(),
                Arbitraries.of(Requirement.OPERATORS), values()).as(Requirement::new);
        return Combinators.combine(labels(), requirement.list().ofMaxSize(3)).as(LabelSelector::new);
    }

    private static LabelSelector expression(String key, String operator, String... values) {
        return new LabelSelector(null, List.of(new Requirement(key, operator, List.of(values))));
    }
}
