package dev.nubo.triggers.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.nubo.core.function.FunctionAccess;
import dev.nubo.core.trigger.HttpTriggerSpec.RateLimit;

class AccessTableTest {

    @Test
    void functionsWithoutAccessFallToThePlatformDefaultAndLimitsCarryOverWhileUnchanged() {
        Map<String, FunctionAccess> access = new HashMap<>();
        access.put("shop/pay", new FunctionAccess("token", new RateLimit(1, 1)));
        access.put("shop/home", new FunctionAccess(null, null));
        AccessTable first = AccessTable.of(access, Map.of(), AccessTable.EMPTY);

        assertThat(first.function("shop", "home")).as("nothing to guard: the default applies").isNull();
        assertThat(first.function("shop", "pay").mode()).isEqualTo(FunctionAccess.Mode.TOKEN);
        assertThat(first.function("shop", "pay").limiter().tryAcquire()).isZero();
        assertThat(first.function("shop", "pay").limiter().tryAcquire()).as("the bucket of one is empty").isPositive();

        AccessTable same = AccessTable.of(access, Map.of("shop", 10), first);
        assertThat(same.function("shop", "pay").limiter()).as("an unrelated change keeps the bucket")
                .isSameAs(first.function("shop", "pay").limiter());
        access.put("shop/pay", new FunctionAccess("token", new RateLimit(5, null)));
        AccessTable changed = AccessTable.of(access, Map.of("shop", 10), same);
        assertThat(changed.function("shop", "pay").limiter()).isNotSameAs(first.function("shop", "pay").limiter());
        assertThat(changed.function("shop", "pay").limiter().limit()).isEqualTo(new RateLimit(5, 5));
        assertThat(changed.quota("shop")).isSameAs(same.quota("shop"));
    }

    @Test
    void aCallQuotaIsATokenBucketPerNamespaceAndZeroRefusesEverything() {
        AccessTable table = AccessTable.of(Map.of(), Map.of("shop", 2, "closed", 0), AccessTable.EMPTY);
        assertThat(table.quota("shop").tryAcquire()).isZero();
        assertThat(table.quota("shop").tryAcquire()).isZero();
        assertThat(table.quota("shop").tryAcquire()).isEqualTo(1);
        assertThat(table.quota("closed").tryAcquire()).isEqualTo(1);
        assertThat(table.quota("open")).isNull();
    }
}
