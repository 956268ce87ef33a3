package dev.nubo.core.trigger.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.nubo.core.kubeless.KubelessTriggerConverter;
import dev.nubo.core.trigger.CronTrigger;
import dev.nubo.core.trigger.CronTriggerSpec;
import dev.nubo.core.trigger.HttpTrigger;
import dev.nubo.core.trigger.TriggerDocument;
import dev.nubo.core.trigger.TriggerKind;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.ValidationException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TriggerManifestsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final TriggerManifests manifests = new TriggerManifests(new KubelessTriggerConverter());

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    @Test
    void readsTheNativeShapeAndIgnoresStatus() {
        TriggerDocument<CronTrigger> read = manifests.read(TriggerKind.CRON, json("""
                {"apiVersion": "nubo.dev/v1", "kind": "CronTrigger", "metadata": {"name": "tick"},
                 "spec": {"function": "hello", "schedule": "@hourly", "concurrencyPolicy": "Forbid", "enabled": false},
                 "status": {"conditions": "not even a list"}}"""));

        assertThat(read.trigger().spec().concurrencyPolicy()).isEqualTo(CronTriggerSpec.ConcurrencyPolicy.Forbid);
        assertThat(read.trigger().spec().enabled()).as("a disabled trigger stays disabled").isFalse();
        assertThat(read.trigger().status()).isNull();
        assertThat(read.warnings()).isEmpty();
        assertThat(manifests.read(TriggerKind.CRON, json("{\"metadata\": {\"name\": \"t\"}}")).trigger().kind())
                .as("apiVersion and kind may be left out").isEqualTo("CronTrigger");
    }

    @Test
    void unknownFieldsAndWrongTypesAreFieldErrors() {
        assertThatThrownBy(() -> manifests.read(TriggerKind.CRON, json(
                "{\"metadata\": {\"name\": \"t\"}, \"spec\": {\"schedul\": \"@hourly\"}}")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors().getFirst())
                        .extracting(FieldError::field, FieldError::code).containsExactly("spec.schedul", "FIELD_UNKNOWN"));
        assertThatThrownBy(() -> manifests.read(TriggerKind.CRON, json(
                "{\"spec\": {\"concurrencyPolicy\": \"Sometimes\"}}")))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    FieldError error = e.errors().getFirst();
                    assertThat(error.field()).isEqualTo("spec.concurrencyPolicy");
                    assertThat(error.message()).isEqualTo("must be one of Allow, Forbid, Replace");
                });
        String secret = "canary-never-echoed-0123";
        assertThatThrownBy(() -> manifests.read(TriggerKind.HTTP, json(
                "{\"spec\": {\"auth\": {\"type\": \"basic\", \"users\": \"" + secret + "\"}}}")))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.errors().getFirst().field()).isEqualTo("spec.auth.users");
                    assertThat(e.errors().getFirst().message()).isEqualTo("must be a list")
                            .doesNotContain(secret);
                });
    }

    @Test
    void anotherKindIsRefusedWithTheWayToItsCollection() {
        assertThatThrownBy(() -> manifests.read(TriggerKind.HTTP, json(
                "{\"apiVersion\": \"nubo.dev/v1\", \"kind\": \"KafkaTrigger\"}")))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.errors().getFirst().code()).isEqualTo("KIND_UNSUPPORTED");
                    assertThat(e.errors().getFirst().message()).contains("kafkatriggers");
                });
        assertThatThrownBy(() -> manifests.read(TriggerKind.HTTP, json("{\"apiVersion\": \"v2\"}")))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void kubelessManifestsAreConverted() {
        TriggerDocument<HttpTrigger> read = manifests.read(TriggerKind.HTTP, json("""
                {"apiVersion": "kubeless.io/v1beta1", "kind": "HTTPTrigger", "metadata": {"name": "h"},
                 "spec": {"function-name": "hello", "path": "hello", "gateway": "nginx"}}"""));

        assertThat(read.trigger().spec().path()).isEqualTo("/hello");
        assertThat(read.warnings()).hasSize(1);
    }
}
