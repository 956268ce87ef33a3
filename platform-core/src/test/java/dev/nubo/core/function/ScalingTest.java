package dev.nubo.core.function;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The per-replica call cap every backend's routes carry: the function's own, else the platform's default. */
class ScalingTest {

    @Test
    void aFunctionsOwnContainerConcurrencyWins() {
        Scaling scaling = new Scaling(1, 3, null, null, 4);

        assertThat(scaling.containerConcurrencyOr(100)).isEqualTo(4);
        assertThat(Scaling.containerConcurrencyOf(scaling, 100)).isEqualTo(4);
    }

    @Test
    void withoutOneThePlatformsDefaultApplies() {
        assertThat(new Scaling(1, 3, null, null).containerConcurrencyOr(100)).isEqualTo(100);
        assertThat(Scaling.containerConcurrencyOf(new Scaling(0, 1, 10, 300, null), 7)).isEqualTo(7);
        assertThat(Scaling.containerConcurrencyOf(null, 100)).as("a spec without scaling").isEqualTo(100);
    }

    @Test
    void defaultsFilledInKeepTheFunctionsCap() {
        assertThat(Scaling.withDefaults(new Scaling(null, null, null, null, 2)).containerConcurrencyOr(100))
                .isEqualTo(2);
        assertThat(Scaling.withDefaults(null).containerConcurrencyOr(100)).isEqualTo(100);
    }
}
