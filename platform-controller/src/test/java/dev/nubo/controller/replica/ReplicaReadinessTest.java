package dev.nubo.controller.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.nubo.controller.sandbox.Confinement;
import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.endpoint.ReplicaStart;

/**
 * A replica retired by a scale-down while it started must not turn ready when its health answer arrives a moment
 * later: its stop would then look like a crash (the function sat in Deploying with "exited with code 143").
 */
class ReplicaReadinessTest {

    private Process process;

    @AfterEach
    void stop() {
        process.destroyForcibly();
    }

    @Test
    void aStartingReplicaTurnsReady() throws Exception {
        Replica replica = replica();

        assertThat(replica.ready(ReplicaStart.Kind.STARTED)).isTrue();
        assertThat(replica.state()).isEqualTo(Replica.State.READY);
        assertThat(replica.howStarted()).isNotNull();
    }

    @Test
    void aReplicaRetiredWhileStartingStaysStopping() throws Exception {
        Replica replica = replica();
        replica.state(Replica.State.STOPPING);

        assertThat(replica.ready(ReplicaStart.Kind.STARTED)).isFalse();
        assertThat(replica.state()).isEqualTo(Replica.State.STOPPING);
        assertThat(replica.howStarted()).isNull();
    }

    private Replica replica() throws Exception {
        process = new ProcessBuilder("sleep", "30").start();
        return new Replica("i-1", 1, "", new Endpoint("127.0.0.1", 1), process, Instant.now(), Confinement.NONE);
    }
}
