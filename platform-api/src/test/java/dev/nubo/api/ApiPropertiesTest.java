package dev.nubo.api;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ApiPropertiesTest {

    private static ApiProperties withWrites(int concurrentWrites, double writeShare) {
        return new ApiProperties(80, 10_000, Duration.ofMinutes(30), concurrentWrites, Duration.ofSeconds(30),
                writeShare);
    }

    @Test
    void aWriteShareOutsideZeroToOneOrNoWriteTurnStopsTheStartWithTheSettingsName() {
        for (double share : new double[] {0, -0.5, 1.5, Double.NaN}) {
            assertThatIllegalArgumentException().isThrownBy(() -> withWrites(1, share))
                    .withMessageContaining("nubo.api.write-share");
        }
        assertThatIllegalArgumentException().isThrownBy(() -> withWrites(0, 0.5))
                .withMessageContaining("nubo.api.concurrent-writes");
        assertThatNoException().as("no rest at all").isThrownBy(() -> withWrites(1, 1));
    }
}
