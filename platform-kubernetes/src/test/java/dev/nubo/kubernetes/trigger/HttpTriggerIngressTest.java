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

    @Test
    void aRouteBecomesAnIngressOfTheConfiguredClassToTheFunctionService() {
        var spec = new HttpTriggerSpec("hello", null, "Api.Example.com", "/hello", null, List.of(), null, null, null, null);
        var ingress = HttpTriggerIngress.desired(trigger(spec),
                new HttpTriggerIngress.Settings("nginx", Map.of("example.com/team", "a")));
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
        assertThat(HttpTriggerIngress.unsupported(spec)).isNull();
    }

    @Test
    void gatewayOnlyFeaturesAreNotSilentlyBypassed() {
        var basic = new HttpTriggerSpec("hello", null, null, "/", null, List.of(),
                new HttpTriggerSpec.HttpAuth("basic", List.of(), List.of()), null,
                new HttpTriggerSpec.RateLimit(10, null), null);
        assertThat(HttpTriggerIngress.unsupported(basic)).contains("auth", "rateLimit", "gateway");
    }
}
