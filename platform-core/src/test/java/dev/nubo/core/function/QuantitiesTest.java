package dev.nubo.core.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuantitiesTest {

    @Test
    void memoryQuantitiesBecomeBytes() {
        assertThat(Quantities.bytes("256Mi")).isEqualTo(256L * 1024 * 1024);
        assertThat(Quantities.bytes("1Gi")).isEqualTo(1L << 30);
        assertThat(Quantities.bytes("128M")).isEqualTo(128_000_000L);
        assertThat(Quantities.bytes("1.5Ki")).isEqualTo(1536);
        assertThat(Quantities.bytes("100")).isEqualTo(100);
    }

    @Test
    void cpuQuantitiesBecomeMillicores() {
        assertThat(Quantities.millicores("500m")).isEqualTo(500);
        assertThat(Quantities.millicores("2")).isEqualTo(2000);
        assertThat(Quantities.millicores("0.25")).isEqualTo(250);
    }

    @Test
    void somethingElseIsRefused() {
        assertThat(Quantities.valid("lots")).isFalse();
        assertThatThrownBy(() -> Quantities.bytes("12 GB")).isInstanceOf(IllegalArgumentException.class);
    }
}
