package dev.nubo.kubernetes.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.nubo.core.trigger.HttpTriggerSpec;
import dev.nubo.kubernetes.crd.HttpTriggerResource;

class HttpTriggerIngressTest {

    private static HttpTriggerResource trigger(HttpTriggerSpec spec) {
        HttpTriggerResource trigger = new HttpTriggerResource();
        trigger.getMetadata().setName("hello-route");
        trigger.getMetadata().setNamespace("fns");
        trigger.getMetadata().setUid("uid-route");
        trigger.setSpec(spec);
        return trigger;
    }

    private static final HttpTriggerIngress.Settings NGINX = new HttpTriggerIngress.Settings("nginx",
            Map.of("example.com/team", "a"), HttpTriggerIngress.PrefixRewrite.NGINX);
    private static final HttpTriggerIngress.Settings NO_REWRITE = new HttpTriggerIngress.Settings("traefik", Map.of(),
            HttpTriggerIngress.PrefixRewrite.NONE);

    private static HttpTriggerSpec route(String path, Boolean stripPrefix) {
        return new HttpTriggerSpec("hello", null, "Api.Example.com", path, stripPrefix, List.of(), null, null, null, null);
    }

    @Test
    void aRouteThatKeepsItsPrefixBecomesAPlainPrefixIngressToTheFunctionService() {
        var spec = route("/hello", false);
        var ingress = HttpTriggerIngress.desired(trigger(spec), NGINX);
        assertThat(ingress.getApiVersion()).isEqualTo("networking.k8s.io/v1");
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        var rule = ingress.getSpec().getRules().get(0);
        assertThat(rule.getHost()).isEqualTo("api.example.com");
        var path = rule.getHttp().getPaths().get(0);
        assertThat(path.getPath()).isEqualTo("/hello");
        assertThat(path.getPathType()).isEqualTo("Prefix");
        assertThat(path.getBackend().getService().getName()).isEqualTo("hello");
        assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
        assertThat(ingress.getMetadata().getAnnotations()).containsEntry("example.com/team", "a");
        assertThat(ingress.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("HttpTrigger"));
        assertThat(ingress.getMetadata().getAnnotations()).doesNotContainKey("nginx.ingress.kubernetes.io/rewrite-target");
        assertThat(HttpTriggerIngress.unsupported(spec, NGINX)).isNull();
        assertThat(HttpTriggerIngress.unsupported(spec, NO_REWRITE)).isNull();
    }

    @Test
    void aStrippedPrefixBecomesIngressNginxsRegexPathAndRewriteSoTheFunctionSeesThePathBelowIt() {
        var ingress = HttpTriggerIngress.desired(trigger(route("/hello/", null)), NGINX); // stripPrefix defaults to true
        var path = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0);
        assertThat(path.getPath()).isEqualTo("/hello(/|$)(.*)");
        assertThat(path.getPathType()).isEqualTo("ImplementationSpecific");
        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/use-regex", "true")
                .containsEntry("nginx.ingress.kubernetes.io/rewrite-target", "/$2")
                .containsEntry("example.com/team", "a");

        // the regex matches what the gateway matches: the prefix on a segment boundary, the rest passed on
        var regex = java.util.regex.Pattern.compile("^" + path.getPath());
        var matched = regex.matcher("/hello/a/b?x=1");
        assertThat(matched.find()).isTrue();
        assertThat("/" + matched.group(2)).isEqualTo("/a/b?x=1");
        assertThat(regex.matcher("/hello").find()).isTrue();
        assertThat(regex.matcher("/helloworld").find()).isFalse();
    }

    @Test
    void regexCharactersInAPrefixAreMatchedLiterally() {
        var ingress = HttpTriggerIngress.desired(trigger(route("/v1.0/(beta)+", true)), NGINX);
        String path = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getPath();
        assertThat(path).isEqualTo("/v1\\.0/\\(beta\\)\\+(/|$)(.*)");
        assertThat(java.util.regex.Pattern.compile("^" + path).matcher("/v1.0/(beta)+/x").find()).isTrue();
        assertThat(java.util.regex.Pattern.compile("^" + path).matcher("/v1x0/(beta)+/x").find()).isFalse();
    }

    @Test
    void theRootPrefixHasNothingToStrip() {
        var ingress = HttpTriggerIngress.desired(trigger(route("/", true)), NGINX);
        var path = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0);
        assertThat(path.getPath()).isEqualTo("/");
        assertThat(path.getPathType()).isEqualTo("Prefix");
        assertThat(ingress.getMetadata().getAnnotations()).doesNotContainKey("nginx.ingress.kubernetes.io/use-regex");
        assertThat(HttpTriggerIngress.unsupported(route("/", true), NO_REWRITE)).isNull();
    }

    @Test
    void aControllerThatCannotRewriteGetsNoIngressForAStrippedPrefixRatherThanAWrongPath() {
        assertThat(HttpTriggerIngress.unsupported(route("/hello", true), NO_REWRITE))
                .contains("stripPrefix", "ingress-rewrite", "gateway");
    }

    @Test
    void gatewayOnlyFeaturesAreNotSilentlyBypassed() {
        var basic = new HttpTriggerSpec("hello", null, null, "/", null, List.of(),
                new HttpTriggerSpec.HttpAuth("basic", List.of(), List.of()), null,
                new HttpTriggerSpec.RateLimit(10, null), null);
        assertThat(HttpTriggerIngress.unsupported(basic)).contains("auth", "rateLimit", "gateway");
    }
}
