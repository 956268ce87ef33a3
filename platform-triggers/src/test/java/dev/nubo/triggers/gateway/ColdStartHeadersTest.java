package dev.nubo.triggers.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nubo.core.endpoint.ReplicaStart;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The cold-start headers a caller reads: one Server-Timing line with the phases in order. */
class ColdStartHeadersTest {

    @Test
    void aWarmAnswerSaysNoWaitAndTheReplicasFirstByte() {
        HttpHeaders headers = new DefaultHttpHeaders();

        ColdStartHeaders.warm(null).onAnswer(headers, 1_234_567);

        assertThat(headers.get("Nubo-Cold-Start")).isEqualTo("false");
        assertThat(headers.getAll("Server-Timing")).containsExactly("queue;dur=0, first-byte;dur=1.2");
    }

    @Test
    void aColdAnswerSaysHowLongItWaitedHowItsReplicaCameUpAndTheFirstByte() {
        HttpHeaders headers = new DefaultHttpHeaders();

        ColdStartHeaders.cold(h -> h.set("Access-Control-Allow-Origin", "*"), 41_260_000,
                new ReplicaStart(ReplicaStart.Kind.STARTED, Duration.ofMillis(38))).onAnswer(headers, 950_000);

        assertThat(headers.get("Nubo-Cold-Start")).isEqualTo("true");
        assertThat(headers.get("Access-Control-Allow-Origin")).as("the route's headers too").isEqualTo("*");
        assertThat(headers.getAll("Server-Timing"))
                .containsExactly("queue;dur=41.3, start;dur=38.0, first-byte;dur=1.0");
    }

    @Test
    void aProblemAnsweredByTheGatewayCarriesThePhasesBeforeIt() {
        HttpHeaders headers = new DefaultHttpHeaders();

        ColdStartHeaders.cold(null, 5_000_000, new ReplicaStart(ReplicaStart.Kind.SPECIALIZED, Duration.ofMillis(3)))
                .onProblem(headers);

        assertThat(headers.getAll("Server-Timing")).containsExactly("queue;dur=5.0, specialize;dur=3.0");
    }
}
