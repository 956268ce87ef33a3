package dev.nubo.core.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.testing.TestTriggers;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.ValidationException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The rules every kind shares: names, labels, and whom the trigger calls. */
class TriggerRulesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Stream<TriggerKind<?, ?>> kinds() {
        return TriggerKind.ALL.stream();
    }

    static Stream<TriggerKind<?, ?>> selectorKinds() {
        return kinds().filter(k -> k != TriggerKind.HTTP);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    <T extends Trigger<S>, S extends TriggerSpec> void aSmallSpecIsValid(TriggerKind<T, S> kind) {
        assertThat(kind.validator().validate(TestTriggers.valid(kind, "default", "t1"))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    <T extends Trigger<S>, S extends TriggerSpec> void namesAndLabelsFollowKubernetes(TriggerKind<T, S> kind) {
        T valid = TestTriggers.valid(kind, "default", "t1");
        T bad = kind.assemble(new ObjectMeta("Bad_Name", "Team A", Map.of("ok", "not ok!"), null, null, null, null),
                valid.spec(), null);

        assertThat(kind.validator().validate(bad)).extracting(FieldError::field, FieldError::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple("metadata.name", "NAME_INVALID"),
                org.assertj.core.groups.Tuple.tuple("metadata.namespace", "NAMESPACE_INVALID"),
                org.assertj.core.groups.Tuple.tuple("metadata.labels", "LABEL_INVALID"));
        assertThat(codes(kind, kind.assemble(null, valid.spec(), null))).containsExactly("METADATA_REQUIRED");
        assertThat(codes(kind, kind.assemble(valid.metadata(), null, null))).containsExactly("SPEC_REQUIRED");
        assertThatThrownBy(() -> kind.validator().check(bad)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.errors()).hasSize(3));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    <T extends Trigger<S>, S extends TriggerSpec> void aTriggerCallsSomeone(TriggerKind<T, S> kind) {
        assertThat(codes(kind, withTarget(kind, null, null))).containsExactly("TARGET_REQUIRED");
        assertThat(codes(kind, withTarget(kind, "Hello World", null))).containsExactly("FUNCTION_NAME_INVALID");
    }

    @ParameterizedTest
    @MethodSource("selectorKinds")
    <T extends Trigger<S>, S extends TriggerSpec> void aSelectorIsTheOtherWay(TriggerKind<T, S> kind) {
        assertThat(codes(kind, withTarget(kind, null, "{\"matchLabels\": {\"app\": \"shop\"}}"))).isEmpty();
        assertThat(codes(kind, withTarget(kind, "hello", "{\"matchLabels\": {\"app\": \"shop\"}}")))
                .containsExactly("TARGET_AMBIGUOUS");
    }

    @ParameterizedTest
    @MethodSource("selectorRules")
    void selectorsMustSelectSomethingValid(TriggerKind<?, ?> kind, String selector, String field, String code) {
        List<FieldError> errors = errors(kind, withTarget(kind, null, selector));
        assertThat(errors).extracting(FieldError::field, FieldError::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(field, code));
    }

    static Stream<Arguments> selectorRules() {
        return selectorKinds().flatMap(kind -> Stream.of(
                Arguments.of(kind, "{}", "spec.functionSelector", "SELECTOR_EMPTY"),
                Arguments.of(kind, "{\"matchLabels\": {\"bad key!\": \"x\"}}", "spec.functionSelector.matchLabels",
                        "SELECTOR_INVALID"),
                Arguments.of(kind, "{\"matchLabels\": {\"app\": \"not valid!\"}}",
                        "spec.functionSelector.matchLabels", "SELECTOR_INVALID"),
                Arguments.of(kind, "{\"matchExpressions\": [{\"key\": \"app\", \"operator\": \"Like\", \"values\": [\"x\"]}]}",
                        "spec.functionSelector.matchExpressions[0].operator", "SELECTOR_OPERATOR_INVALID"),
                Arguments.of(kind, "{\"matchExpressions\": [{\"key\": \"app\", \"operator\": \"In\"}]}",
                        "spec.functionSelector.matchExpressions[0].values", "SELECTOR_INVALID"),
                Arguments.of(kind, "{\"matchExpressions\": [{\"key\": \"app\", \"operator\": \"Exists\", \"values\": [\"x\"]}]}",
                        "spec.functionSelector.matchExpressions[0].values", "SELECTOR_INVALID"),
                Arguments.of(kind, "{\"matchExpressions\": [{\"key\": \"/x\", \"operator\": \"Exists\"}]}",
                        "spec.functionSelector.matchExpressions[0].key", "SELECTOR_INVALID"),
                Arguments.of(kind, "{\"matchExpressions\": [{\"key\": \"app\", \"operator\": \"NotIn\", \"values\": [\"a b\"]}]}",
                        "spec.functionSelector.matchExpressions[0].values", "SELECTOR_INVALID")));
    }

    @org.junit.jupiter.api.Test
    void anHttpTriggerCallsOneFunctionByName() {
        HttpTrigger selecting = TestTriggers.http("{\"functionSelector\": {\"matchLabels\": {\"app\": \"shop\"}}}");
        assertThat(codes(TriggerKind.HTTP, selecting)).containsExactly("FUNCTION_SELECTOR_UNSUPPORTED");
    }

    /** The kind's valid spec with function and functionSelector replaced. */
    private static <T extends Trigger<S>, S extends TriggerSpec> T withTarget(TriggerKind<T, S> kind, String function,
            String selectorJson) {
        ObjectNode spec = (ObjectNode) JSON.readTree(TestTriggers.VALID_SPECS.get(kind));
        spec.remove("function");
        if (function != null) {
            spec.put("function", function);
        }
        if (selectorJson != null) {
            spec.set("functionSelector", JSON.readTree(selectorJson));
        }
        return TestTriggers.of(kind, "default", "t1", spec.toString());
    }

    @SuppressWarnings("unchecked")
    private static <T extends Trigger<?>> List<FieldError> errors(TriggerKind<?, ?> kind, Trigger<?> trigger) {
        return ((TriggerValidator<Trigger<?>>) kind.validator()).validate(trigger);
    }

    private static List<String> codes(TriggerKind<?, ?> kind, Trigger<?> trigger) {
        return errors(kind, trigger).stream().map(FieldError::code).toList();
    }
}
