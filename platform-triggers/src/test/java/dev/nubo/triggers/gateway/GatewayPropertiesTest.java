package dev.nubo.triggers.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The settings an operator gets without configuring anything. */
class GatewayPropertiesTest {

    @Test
    void defaults() {
        GatewayProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("nubo.gateway", GatewayProperties.class);

        assertThat(defaults.port()).isEqualTo(8081);
        assertThat(defaults.address()).isEqualTo("127.0.0.1");
        assertThat(defaults.maxBodyBytes().toBytes()).isEqualTo(16 * 1024 * 1024);
        assertThat(defaults.timeoutGrace()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.sessionCookieName()).isEqualTo("NUBO_SESSION");
        assertThat(defaults.ioThreads()).isZero();
        assertThat(defaults.upstreamIdleTimeout()).isLessThan(Duration.ofSeconds(5));
    }
}
