package dev.nubo.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.triggers.gateway.FunctionGateway;
import dev.nubo.triggers.gateway.GatewayFixture;
import dev.nubo.triggers.gateway.RecordingUpstream;
import dev.nubo.triggers.gateway.StaticFunctionEndpoints;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The module as the standalone and the triggers applications load it. */
class TriggersModuleTest {

    @Test
    void startsTheGatewayFromConfigurationAndStopsItWithTheContext() {
        try (RecordingUpstream upstream = RecordingUpstream.start("wired")) {
            StaticFunctionEndpoints functions = new StaticFunctionEndpoints().ready("ns", "fn", upstream.endpoint());
            FunctionGateway[] started = new FunctionGateway[1];

            new ApplicationContextRunner()
                    .withUserConfiguration(TriggersModule.class)
                    .withBean(FunctionEndpoints.class, () -> functions)
                    .withPropertyValues("nubo.gateway.port=0", "nubo.gateway.io-threads=1")
                    .run(context -> {
                        FunctionGateway gateway = context.getBean(FunctionGateway.class);
                        started[0] = gateway;
                        assertThat(gateway.isRunning()).isTrue();
                        var response = GatewayFixture.send(GatewayFixture.newClient(), HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + gateway.port() + "/ns/fn/hi")).build());
                        assertThat(response.statusCode()).isEqualTo(200);
                        assertThat(response.body()).isEqualTo("wired");
                    });

            assertThat(started[0].isRunning()).isFalse();
        }
    }
}
