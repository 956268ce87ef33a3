package dev.nubo.triggers.http;

import static dev.nubo.triggers.http.HttpTriggers.spec;
import static dev.nubo.triggers.http.HttpTriggers.stored;
import static dev.nubo.triggers.http.HttpTriggers.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.nubo.core.trigger.HttpTrigger;
import dev.nubo.core.trigger.HttpTriggerSpec;

class HttpRouteTableTest {

    private static HttpRouteTable table(HttpTrigger... triggers) {
        HttpRoutePlan plan = HttpRoutePlan.of(List.of(triggers), (ns, spec) -> List.of(spec.function()));
        return RouteGuards.table(plan, HttpRouteTable.EMPTY, Runnable::run);
    }

    private static String matched(HttpRouteTable table, String host, String uri) {
        RoutedTrigger found = table.match(RequestTarget.hostOf(host), RequestTarget.parse(uri));
        return found == null ? null : found.route().trigger();
    }

    @Test
    void theLongestPrefixOnASegmentBoundaryWins() {
        HttpRouteTable table = table(trigger("root", null, "/", "f", 1), trigger("shop", null, "/shop", "f", 1),
                trigger("cart", null, "/shop/cart/", "f", 1));

        assertThat(matched(table, null, "/shop")).isEqualTo("shop");
        assertThat(matched(table, null, "/shop/")).isEqualTo("shop");
        assertThat(matched(table, null, "/shop/items?page=2")).isEqualTo("shop");
        assertThat(matched(table, null, "/shop/cart")).isEqualTo("cart");
        assertThat(matched(table, null, "/shop/cart/7")).isEqualTo("cart");
        assertThat(matched(table, null, "/shopping")).as("not a segment of /shop").isEqualTo("root");
        assertThat(matched(table, null, "/")).isEqualTo("root");
    }

    @Test
    void routesOfTheRequestsHostComeBeforeRoutesForEveryHost() {
        HttpRouteTable table = table(trigger("any", null, "/api/v2", "f", 1),
                trigger("host", "shop.example.com", "/api", "f", 1));

        assertThat(matched(table, "Shop.Example.com:8081", "/api/v2/x")).as("host routes first, case and port ignored")
                .isEqualTo("host");
        assertThat(matched(table, "other.example.com", "/api/v2/x")).isEqualTo("any");
        assertThat(matched(table, "other.example.com", "/api/v1")).isNull();
        assertThat(matched(table, null, "/api/v2")).isEqualTo("any");
        assertThat(matched(table, "shop.example.com", "/elsewhere")).isNull();
    }

    @Test
    void aPathWithDotSegmentsMatchesNoRoute() {
        HttpRouteTable table = table(trigger("public", null, "/public", "f", 1));

        assertThat(matched(table, null, "/public/../private")).isNull();
        assertThat(matched(table, null, "/public/./x")).isNull();
        assertThat(matched(table, null, "/public/%2e%2E/private")).isNull();
        assertThat(matched(table, null, "/public/..")).isNull();
        assertThat(matched(table, null, "/public/.well-known/x")).as("a dot inside a name is fine").isEqualTo("public");
        assertThat(matched(table, null, "/public/a..b")).isEqualTo("public");
        assertThat(matched(table, null, "/public/photo%2Ejpg")).as("an escaped dot inside a name too")
                .isEqualTo("public");
        assertThat(matched(table, null, "/public/.%2e/private")).isNull();
        assertThat(matched(table, null, "/public/%2")).isEqualTo("public");
    }

    @Test
    void theFunctionSeesThePathBelowThePrefixUnlessStripPrefixIsOff() {
        HttpTriggerSpec keep = new HttpTriggerSpec("f", null, null, "/keep", false, null, null, null, null, null);
        HttpRouteTable table = table(trigger("strip", null, "/strip/", "f", 1), stored("default", "keep", keep, 1),
                trigger("root", null, "/", "f", 1));

        HttpRoute strip = table.match(null, RequestTarget.parse("/strip")).route();
        assertThat(strip.upstreamUri("/strip", null)).isEqualTo("/");
        assertThat(strip.upstreamUri("/strip/a/b", "x=1")).isEqualTo("/a/b?x=1");
        HttpRoute kept = table.match(null, RequestTarget.parse("/keep/a")).route();
        assertThat(kept.upstreamUri("/keep/a", null)).isEqualTo("/keep/a");
        HttpRoute root = table.match(null, RequestTarget.parse("/z")).route();
        assertThat(root.upstreamUri("/z/y", "q")).isEqualTo("/z/y?q");
    }

    @Test
    void methodsAreCheckedWithHeadFollowingGet() {
        HttpRouteTable table = table(stored("default", "get", spec("f", null, "/g", List.of("get", "post"), null, null,
                null, true), 1));
        HttpRoute route = table.routes().getFirst().route();

        assertThat(route.allows("GET")).isTrue();
        assertThat(route.allows("HEAD")).isTrue();
        assertThat(route.allows("POST")).isTrue();
        assertThat(route.allows("DELETE")).isFalse();
        assertThat(route.allowHeader()).isEqualTo("GET, HEAD, POST");
    }

    @Test
    void theAbsoluteFormOfARequestTargetIsSplitToo() {
        RequestTarget target = RequestTarget.parse("http://shop.example.com:8081/api/x?y=1");

        assertThat(target.path()).isEqualTo("/api/x");
        assertThat(target.query()).isEqualTo("y=1");
        assertThat(RequestTarget.hostOf("[::1]:8081")).isEqualTo("[::1]");
        assertThat(RequestTarget.hostOf("example.com.")).isEqualTo("example.com");
    }
}
