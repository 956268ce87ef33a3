package dev.nubo.triggers.http;

import static dev.nubo.triggers.http.HttpTriggers.spec;
import static dev.nubo.triggers.http.HttpTriggers.stored;
import static dev.nubo.triggers.http.HttpTriggers.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.nubo.core.trigger.HttpTrigger;
import dev.nubo.core.trigger.HttpTriggerSpec;
import dev.nubo.core.trigger.LabelSelector;
import dev.nubo.core.trigger.TriggerSpec;

class HttpRoutePlanTest {

    /** Functions that exist: default/shop, default/cart; labels app=shop on both. */
    private static List<String> targets(String namespace, TriggerSpec spec) {
        Set<String> existing = Set.of("shop", "cart");
        if (spec.function() != null) {
            return existing.contains(spec.function()) ? List.of(spec.function()) : List.of();
        }
        return spec.functionSelector().matches(Map.of("app", "shop")) ? List.of("cart", "shop") : List.of();
    }

    private static HttpRoutePlan plan(HttpTrigger... triggers) {
        return HttpRoutePlan.of(List.of(triggers), HttpRoutePlanTest::targets);
    }

    @Test
    void aTriggerWhoseFunctionExistsIsRoutedAndActive() {
        HttpRoutePlan plan = plan(trigger("t", "shop.example.com", "/api/", "shop", 1));

        assertThat(plan.routes()).singleElement().satisfies(route -> {
            assertThat(route.host()).isEqualTo("shop.example.com");
            assertThat(route.prefix()).as("trailing slash dropped").isEqualTo("/api");
            assertThat(route.function()).isEqualTo("shop");
        });
        HttpTriggerView view = plan.views().get("t");
        assertThat(view.ready().status()).isEqualTo("True");
        assertThat(view.ready().reason()).isEqualTo("Active");
        assertThat(view.ready().message()).contains("shop.example.com/api", "function shop");
        assertThat(view.functions()).containsExactly("shop");
    }

    @Test
    void aMissingFunctionKeepsItsRouteAndSaysSo() {
        HttpRoutePlan plan = plan(trigger("t", null, "/later", "not-yet", 1));

        assertThat(plan.routes()).singleElement().satisfies(route -> assertThat(route.function()).isEqualTo("not-yet"));
        assertThat(plan.views().get("t").ready().reason()).isEqualTo("FunctionNotFound");
        assertThat(plan.views().get("t").ready().message()).contains("not-yet", "404");
        assertThat(plan.views().get("t").functions()).isEmpty();
    }

    @Test
    void aDisabledTriggerRoutesNothing() {
        HttpRoutePlan plan = plan(stored("default", "off",
                spec("shop", null, "/off", List.of(), null, null, null, false), 1));

        assertThat(plan.routes()).isEmpty();
        assertThat(plan.views().get("off").ready().reason()).isEqualTo("Disabled");
        assertThat(plan.views().get("off").ready().status()).isEqualTo("False");
    }

    @Test
    void theOlderOfTwoTriggersOnTheSameHostAndPathKeepsTheRoute() {
        HttpRoutePlan plan = plan(trigger("newer", "a.example.com", "/x/", "cart", 5),
                trigger("older", "a.example.com", "/x", "shop", 2),
                trigger("other-host", "b.example.com", "/x", "cart", 9),
                trigger("any-host", null, "/x", "cart", 9));

        assertThat(plan.routes()).extracting(HttpRoute::trigger)
                .containsExactlyInAnyOrder("older", "other-host", "any-host");
        HttpTriggerView loser = plan.views().get("newer");
        assertThat(loser.ready().reason()).isEqualTo("RouteConflict");
        assertThat(loser.ready().message()).contains("a.example.com/x", "default/older");
        assertThat(plan.views().get("older").ready().reason()).isEqualTo("Active");
    }

    @Test
    void aSelectorMatchingSeveralFunctionsRoutesToNone() {
        HttpTriggerSpec bySelector = new HttpTriggerSpec(null, LabelSelector.of(Map.of("app", "shop")), null, "/sel",
                null, null, null, null, null, null);
        HttpRoutePlan plan = plan(stored("default", "sel", bySelector, 1));

        assertThat(plan.routes()).singleElement().satisfies(route -> assertThat(route.function()).isNull());
        assertThat(plan.views().get("sel").ready().reason()).isEqualTo("SelectorMatchesSeveral");
        assertThat(plan.views().get("sel").ready().message()).contains("cart", "shop");
    }

    @Test
    void theSameTriggersGiveTheSamePlanInAnyOrder() {
        HttpTrigger a = trigger("a", null, "/p", "shop", 1);
        HttpTrigger b = trigger("b", null, "/p", "cart", 1);

        assertThat(plan(a, b).views()).isEqualTo(plan(b, a).views());
        assertThat(plan(b, a).views().get("b").ready().reason()).as("same age: by name").isEqualTo("RouteConflict");
    }
}
