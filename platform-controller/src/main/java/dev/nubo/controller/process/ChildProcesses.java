package dev.nubo.controller.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the platform's children (build steps, replicas) so that a later run can find them: each carries an instance
 * id in its environment and has a run record until it exits.
 */
public class ChildProcesses {

    private final ProcessSpawner spawner;
    private final RunRecords runRecords;

    public ChildProcesses(ProcessSpawner spawner, RunRecords runRecords) {
        this.spawner = spawner;
        this.runRecords = runRecords;
    }

    /** Starts {@code command} with exactly {@code environment} plus {@code NUBO_INSTANCE_ID=instanceId}. */
    public Process start(List<String> command, Map<String, String> environment, Path workingDir, String instanceId)
            throws IOException {
        return start(command, environment, workingDir, instanceId, null);
    }

    /** As above, with stdout and stderr appended to {@code outputFile} by the OS (a pipe when null). */
    public Process start(List<String> command, Map<String, String> environment, Path workingDir, String instanceId,
            Path outputFile) throws IOException {
        Map<String, String> env = new HashMap<>(environment);
        env.put(RunRecords.INSTANCE_VARIABLE, instanceId);
        Process process = spawner.start(command, env, workingDir, outputFile);
        runRecords.record(process.pid(), instanceId);
        process.onExit().thenRun(() -> runRecords.forget(process.pid()));
        return process;
    }
}
