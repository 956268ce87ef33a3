package dev.nubo.triggers.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nubo.core.function.FunctionAccess;
import dev.nubo.core.trigger.HttpTriggerSpec.RateLimit;
import dev.nubo.triggers.access.AccessTable;
import dev.nubo.triggers.access.NamespaceCallMeter;
import dev.nubo.triggers.http.HttpRouteTable;
import dev.nubo.triggers.http.HttpRoutes;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A gateway whose platform default is {@code token}: functions that say nothing (and names that do not exist) ask
 * for credentials, a function that says {@code public} answers anyone, and the namespace quota counts what it lets in.
 * This gateway has no user store, so every platform credential is refused.
 */
class GatewayAccessTest {

    static RecordingUpstream upstream;
    static StaticFunctionEndpoints functions = new StaticFunctionEndpoints();
    static NamespaceCallMeter meter = new NamespaceCallMeter();
    static GatewayFixture gateway;

    @BeforeAll
    static void start() {
        upstream = RecordingUpstream.start("hello");
        functions.ready("shop", "closed", upstream.endpoint()).ready("shop", "open", upstream.endpoint())
                .ready("quota", "open", upstream.endpoint());
        AccessTable access = AccessTable.of(Map.of("shop/open", new FunctionAccess("public", null),
                "quota/open", new FunctionAccess("public", new RateLimit(100, 100))), Map.of("quota", 2),
                AccessTable.EMPTY);
        HttpRoutes routes = new HttpRoutes() {
            @Override
            public HttpRouteTable current() {
                return HttpRouteTable.EMPTY;
            }

            @Override
            public AccessTable access() {
                return access;
            }
        };
        gateway = GatewayFixture.gateway(functions).settings(Map.of("default-access", "token")).routes(routes)
                .callMeter(meter).start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    @Test
    void withTheTokenDefaultFunctionsThatSayNothingAndUnknownNamesAsk401Alike() {
        HttpResponse<String> closed = gateway.get("/shop/closed/x");
        HttpResponse<String> unknown = gateway.get("/shop/nothing-here/x");
        for (HttpResponse<String> response : java.util.List.of(closed, unknown)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("\"code\":\"UNAUTHORIZED\"");
            assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer realm=");
        }
        HttpResponse<String> refused = gateway.send(gateway.request("/shop/closed/x")
                .header("Authorization", "Bearer nubo_anything").build());
        assertThat(refused.statusCode()).as("no user store here: no token is accepted").isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
    }

    @Test
    void aFunctionThatSaysPublicAnswersAnyone() {
        HttpResponse<String> open = gateway.get("/shop/open/x");
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).isEqualTo("hello");
    }

    @Test
    void theNamespaceQuotaRefusesPastItsRateAndCountsWhatItLetsIn() {
        int refused = 0;
        String detail = null;
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = gateway.get("/quota/open/x");
            if (response.statusCode() == 429) {
                refused++;
                detail = response.body();
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
            } else {
                assertThat(response.statusCode()).isEqualTo(200);
            }
        }
        assertThat(refused).as("2 calls per second: six in a row go over").isPositive();
        assertThat(detail).contains("\"code\":\"QUOTA_EXCEEDED\"", "quota callsPerSecond of namespace quota");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(meter.callsPerSecond("quota")).isPositive());
    }
}
