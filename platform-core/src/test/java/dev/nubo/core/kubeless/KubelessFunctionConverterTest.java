package dev.nubo.core.kubeless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import dev.nubo.core.function.Function;
import dev.nubo.core.testing.TestCatalog;
import dev.nubo.core.validation.FieldError;
import dev.nubo.core.validation.ValidationException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

class KubelessFunctionConverterTest {

    private final KubelessFunctionConverter converter = new KubelessFunctionConverter(TestCatalog.pythonAndNode());

    private static JsonNode yaml(String text) {
        return YAMLMapper.builder().build().readTree(text);
    }

    private static JsonNode json(String text) {
        return JsonMapper.builder().build().readTree(text);
    }

    @Test
    void convertsTheKubelessHelloGetManifest() {
        Function f = converter.convert(yaml("""
                apiVersion: kubeless.io/v1beta1
                kind: Function
                metadata:
                  name: get-python
                  namespace: default
                  labels:
                    created-by: kubeless
                spec:
                  handler: helloget.foo
                  runtime: python3.7
                  function: |
                    def foo(event, context):
                        return "hello world"
                  function-content-type: text
                  deps: ""
                  timeout: "180"
                  deployment:
                    spec:
                      template:
                        spec:
                          containers:
                          - env:
                            - name: foo
                              value: bar
                            resources:
                              limits:
                                memory: 128Mi
                """));

        assertThat(f.metadata().name()).isEqualTo("get-python");
        assertThat(f.metadata().labels()).containsEntry("created-by", "kubeless");
        assertThat(f.spec().handler()).isEqualTo("helloget.foo");
        assertThat(f.spec().runtime()).as("python3.7 maps to the nearest offered python").isEqualTo("python3.11");
        assertThat(f.spec().source().inline()).contains("return \"hello world\"");
        assertThat(f.spec().timeoutSeconds()).isEqualTo(180);
        assertThat(f.spec().env()).containsEntry("foo", "bar");
        assertThat(f.spec().resources().memory()).isEqualTo("128Mi");
    }

    @Test
    void mapsNodeRuntimesToTheLowestOfferedVersionAtOrAboveTheRequestedOne() {
        Function f = converter.convert(json("""
                {"apiVersion":"kubeless.io/v1beta1","kind":"Function","metadata":{"name":"n"},
                 "spec":{"handler":"h.f","runtime":"nodejs10","function":"x"}}"""));
        assertThat(f.spec().runtime()).isEqualTo("nodejs20");

        Function newer = converter.convert(json("""
                {"apiVersion":"kubeless.io/v1beta1","kind":"Function","metadata":{"name":"n"},
                 "spec":{"handler":"h.f","runtime":"nodejs24","function":"x"}}"""));
        assertThat(newer.spec().runtime()).as("above every offered version: the highest").isEqualTo("nodejs22");
    }

    @Test
    void keepsAnUnknownLanguageSoValidationCanNameIt() {
        Function f = converter.convert(json("""
                {"apiVersion":"kubeless.io/v1beta1","kind":"Function","metadata":{"name":"n"},
                 "spec":{"handler":"h.f","runtime":"ballerina0.981.0","function":"x"}}"""));
        assertThat(f.spec().runtime()).isEqualTo("ballerina0.981.0");
    }

    @Test
    void convertsEachContentType() {
        String b64 = Base64.getEncoder().encodeToString("print('hi')".getBytes(StandardCharsets.UTF_8));
        assertThat(convert("base64", b64, null).spec().source().inline()).isEqualTo("print('hi')");
        assertThat(convert("base64+zip", "UEsDBA==", null).spec().source().zip()).isEqualTo("UEsDBA==");
        assertThat(convert("base64+compressedtar", "H4sI", null).spec().source().tarGz()).isEqualTo("H4sI");
        var url = convert("url+zip", "https://example.com/f.zip", "sha256:" + "AB".repeat(32)).spec().source();
        assertThat(url.url()).isEqualTo("https://example.com/f.zip");
        assertThat(url.sha256()).isEqualTo("ab".repeat(32));
        assertThat(convert("text+deps", "x", null).spec().source().inline()).isEqualTo("x");
    }

    @Test
    void refusesAUrlWithoutChecksumAndAnUnknownContentType() {
        assertThatThrownBy(() -> convert("url", "https://example.com/f.py", null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::code).containsExactly("CHECKSUM_INVALID"));
        assertThatThrownBy(() -> convert("base64+rar", "x", null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::code).containsExactly("CONTENT_TYPE_UNSUPPORTED"));
    }

    @Test
    void takesReplicasFromTheHorizontalPodAutoscaler() {
        Function f = converter.convert(yaml("""
                apiVersion: kubeless.io/v1beta1
                kind: Function
                metadata: {name: scaled}
                spec:
                  handler: h.f
                  runtime: python3.8
                  function: x
                  horizontalPodAutoscaler:
                    spec: {minReplicas: 2, maxReplicas: 5}
                """));
        assertThat(f.spec().scaling().minReplicas()).isEqualTo(2);
        assertThat(f.spec().scaling().maxReplicas()).isEqualTo(5);
    }

    private Function convert(String contentType, String content, String checksum) {
        String checksumField = checksum == null ? "" : ",\"checksum\":\"" + checksum + "\"";
        return converter.convert(json("{\"apiVersion\":\"kubeless.io/v1beta1\",\"kind\":\"Function\","
                + "\"metadata\":{\"name\":\"f\"},\"spec\":{\"handler\":\"h.f\",\"runtime\":\"python3.8\","
                + "\"function-content-type\":\"" + contentType + "\",\"function\":\"" + content + "\"" + checksumField
                + "}}"));
    }
}
