package dev.nubo.core.kubeless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.nubo.core.trigger.CronTrigger;
import dev.nubo.core.trigger.HttpTrigger;
import dev.nubo.core.trigger.KafkaTrigger;
import dev.nubo.core.trigger.LabelSelector;
import dev.nubo.core.trigger.NatsTrigger;
import dev.nubo.core.trigger.TriggerDocument;
import dev.nubo.core.trigger.TriggerKind;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.ValidationException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class KubelessTriggerConverterTest {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private final KubelessTriggerConverter converter = new KubelessTriggerConverter();

    private static JsonNode yaml(String text) {
        return YAML.readTree(text);
    }

    @Test
    void anHttpTriggerBecomesARoute() {
        TriggerDocument<HttpTrigger> converted = converter.convert(TriggerKind.HTTP, yaml("""
                apiVersion: kubeless.io/v1beta1
                kind: HTTPTrigger
                metadata:
                  name: get-python
                  namespace: default
                  labels: {created-by: kubeless}
                  resourceVersion: "12345"
                spec:
                  function-name: get-python
                  host-name: shop.example.com
                  path: echo
                  cors-enable: true
                """));

        HttpTrigger trigger = converted.trigger();
        assertThat(trigger.metadata().name()).isEqualTo("get-python");
        assertThat(trigger.metadata().labels()).containsEntry("created-by", "kubeless");
        assertThat(trigger.metadata().resourceVersion()).as("Kubernetes' version means nothing here").isNull();
        assertThat(trigger.spec().function()).isEqualTo("get-python");
        assertThat(trigger.spec().host()).isEqualTo("shop.example.com");
        assertThat(trigger.spec().path()).isEqualTo("/echo");
        assertThat(trigger.spec().stripPrefix()).isTrue();
        assertThat(trigger.spec().cors().allowOrigins()).containsExactly("*");
        assertThat(trigger.spec().cors().allowMethods()).contains("GET", "POST", "OPTIONS");
        assertThat(trigger.spec().auth()).isNull();
        assertThat(converted.warnings()).isEmpty();
        assertThat(TriggerKind.HTTP.validator().validate(trigger)).isEmpty();
    }

    @Test
    void gatewayAndTlsAreIgnoredWithAReason() {
        TriggerDocument<HttpTrigger> converted = converter.convert(TriggerKind.HTTP, yaml("""
                apiVersion: kubeless.io/v1beta1
                kind: HTTPTrigger
                metadata: {name: hello}
                spec: {function-name: hello, host-name: hello.192.168.99.100.nip.io, gateway: nginx, tls: true,
                       tls-secret: hello-tls}
                """));

        assertThat(converted.trigger().spec().path()).isEqualTo("/");
        assertThat(converted.warnings()).hasSize(3).anySatisfy(w -> assertThat(w).contains("TLS ends in front"))
                .anySatisfy(w -> assertThat(w).contains("gateway nginx is ignored"))
                .anySatisfy(w -> assertThat(w).contains("Host header"));
    }

    @Test
    void basicAuthFromAKubernetesSecretIsRefusedSoTheRouteStaysProtected() {
        assertThatThrownBy(() -> converter.convert(TriggerKind.HTTP, yaml("""
                apiVersion: kubeless.io/v1beta1
                kind: HTTPTrigger
                metadata: {name: hello}
                spec: {function-name: hello, basic-auth-secret: hello-users}
                """))).isInstanceOfSatisfying(ValidationException.class, e -> {
                    FieldError error = e.errors().getFirst();
                    assertThat(error.field()).isEqualTo("spec.basic-auth-secret");
                    assertThat(error.code()).isEqualTo("BASIC_AUTH_SECRET_UNSUPPORTED");
                    assertThat(error.message()).contains("hello-users", "spec.auth", "nubo.dev/v1 HttpTrigger");
                });
    }

    @Test
    void aCronJobTriggerKeepsScheduleAndPayload() {
        CronTrigger trigger = converter.convert(TriggerKind.CRON, yaml("""
                apiVersion: kubeless.io/v1beta1
                kind: CronJobTrigger
                metadata: {name: scheduled-get-python, namespace: default}
                spec:
                  function-name: get-python
                  schedule: "*/5 * * * *"
                  payload: {report: daily, sizes: [1, 2]}
                """)).trigger();

        assertThat(trigger.spec().function()).isEqualTo("get-python");
        assertThat(trigger.spec().schedule()).isEqualTo("*/5 * * * *");
        assertThat(trigger.spec().payload()).isEqualTo(Map.of("report", "daily", "sizes", List.of(1, 2)));
        assertThat(trigger.spec().contentType()).isEqualTo("application/json");
        assertThat(trigger.spec().timeZone()).isEqualTo("UTC");
        assertThat(TriggerKind.CRON.validator().validate(trigger)).isEmpty();
    }

    @Test
    void aKafkaTriggerKeepsTopicAndSelectorAndSaysDeliveryChanged() {
        TriggerDocument<KafkaTrigger> converted = converter.convert(TriggerKind.KAFKA, yaml("""
                apiVersion: kubeless.io/v1beta1
                kind: KafkaTrigger
                metadata: {name: s3-python-kafka-trigger, labels: {created-by: kubeless}}
                spec:
                  topic: s3-python
                  functionSelector:
                    matchLabels: {created-by: kubeless, topic: s3-python}
                    matchExpressions: [{key: tier, operator: NotIn, values: [test]}]
                """));

        KafkaTrigger trigger = converted.trigger();
        assertThat(trigger.spec().topics()).containsExactly("s3-python");
        assertThat(trigger.spec().functionSelector()).isEqualTo(new LabelSelector(
                Map.of("created-by", "kubeless", "topic", "s3-python"),
                List.of(new LabelSelector.Requirement("tier", "NotIn", List.of("test")))));
        assertThat(converted.warnings()).singleElement().asString().contains("at least once", "s3-python.dlq");
        assertThat(TriggerKind.KAFKA.validator().validate(trigger)).isEmpty();
    }

    @Test
    void aNatsTriggerKeepsTopicAsSubject() {
        TriggerDocument<NatsTrigger> converted = converter.convert(TriggerKind.NATS, yaml("""
                apiVersion: kubeless.io/v1beta1
                kind: NATSTrigger
                metadata: {name: pubsub-python-nats-trigger}
                spec:
                  topic: test
                  functionSelector: {matchLabels: {topic: test}}
                """));

        assertThat(converted.trigger().spec().subject()).isEqualTo("test");
        assertThat(converted.trigger().spec().functionSelector()).isEqualTo(LabelSelector.of(Map.of("topic", "test")));
        assertThat(converted.warnings()).singleElement().asString().contains("JetStream");
        assertThat(TriggerKind.NATS.validator().validate(converted.trigger())).isEmpty();
    }

    @Test
    void unknownSpecFieldsAreRefused() {
        assertThatThrownBy(() -> converter.convert(TriggerKind.HTTP, yaml("""
                apiVersion: kubeless.io/v1beta1
                kind: HTTPTrigger
                metadata: {name: hello}
                spec: {function_name: hello, cors-enabled: true}
                """))).isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                .extracting(FieldError::field).containsExactlyInAnyOrder("spec.function_name", "spec.cors-enabled"));
        assertThatThrownBy(() -> converter.convert(TriggerKind.KAFKA, yaml("""
                apiVersion: kubeless.io/v1beta1
                kind: KafkaTrigger
                metadata: {name: t}
                spec: {topic: a, functionSelector: {matchLabel: {a: b}}}
                """))).isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().getFirst())
                .extracting(FieldError::field, FieldError::code)
                .containsExactly("spec.functionSelector.matchLabel", "FIELD_UNKNOWN"));
    }

    @Test
    void aManifestOfAnotherKindIsSentToItsCollection() {
        assertThatThrownBy(() -> converter.convert(TriggerKind.HTTP, yaml("""
                apiVersion: kubeless.io/v1beta1
                kind: KafkaTrigger
                metadata: {name: t}
                spec: {topic: a}
                """))).isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.errors().getFirst().code()).isEqualTo("KIND_UNSUPPORTED");
                    assertThat(e.errors().getFirst().message()).contains("kafkatriggers");
                });
        assertThatThrownBy(() -> converter.convert(TriggerKind.CRON, yaml("""
                apiVersion: kubeless.io/v1beta1
                kind: Function
                metadata: {name: t}
                """))).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.errors().getFirst().code()).isEqualTo("KIND_UNSUPPORTED"));
    }
}
