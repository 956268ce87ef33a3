package dev.nubo.runtimes.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** The runtime builds the fixture with its own commands and its server comes up healthy. */
final class StartupChecks extends CheckGroup {

    StartupChecks(RuntimeUnderTest runtime) {
        super(runtime);
    }

    @Override
    List<Check> checks() {
        return List.of(
                new Check("builds the fixture function with its runtime.json commands", this::builds),
                new Check("starts and answers /healthz 200 'ok' with its Nubo-Instance header", this::healthz));
    }

    private void builds() {
        assertThat(runtime.build().codeDir()).isDirectory();
    }

    private void healthz() {
        ServerProcess server = runtime.server();
        Reply reply = assertStatus(server.client().get("/healthz"), 200);
        assertThat(reply.text()).as("body of %s", reply).isEqualTo("ok");
        assertThat(reply.header("Nubo-Instance")).as("Nubo-Instance header of %s", reply)
                .contains(server.instanceId());
    }
}
