package dev.nubo.triggers.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The settings an operator gets without configuring anything, and the one combination refused. */
class CronPropertiesTest {

    private static CronProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("nubo.cron", CronProperties.class);
    }

    @Test
    void defaults() {
        CronProperties defaults = bind(Map.of());

        assertThat(defaults).isEqualTo(CronProperties.defaults());
        assertThat(defaults.enabled()).isTrue();
        assertThat(defaults.misfireGrace()).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.catchUpMaxTicks()).isEqualTo(10);
        assertThat(defaults.catchUpWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(defaults.notReadyRetryWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.statusInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.claimRetention()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void claimsMustBeKeptLongerThanCatchUpLooksBack() {
        // a pruned claim could be claimed again, and its tick would fire a second time
        assertThatThrownBy(() -> bind(Map.of("nubo.cron.catch-up-window", "10d")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("nubo.cron.claim-retention").hasMessageContaining("catch-up-window");
    }
}
