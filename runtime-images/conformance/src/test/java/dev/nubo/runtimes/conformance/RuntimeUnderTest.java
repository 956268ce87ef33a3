package dev.nubo.runtimes.conformance;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.nubo.core.runtime.InstalledRuntime;
import dev.nubo.core.runtime.RuntimeCommands;

/**
 * One runtime being checked: its fixture build, its main server (started once, shared by the checks that
 * leave it healthy) and the extra servers some checks need. Sets the contract's environment variables.
 */
final class RuntimeUnderTest implements AutoCloseable {

    static final String FUNCTION_NAME = "conformance-fn";
    static final String MEMORY_LIMIT = "128Mi";
    static final int TIMEOUT_SECONDS = 2;
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration HEALTH_POLL = Duration.ofMillis(20);

    private final InstalledRuntime runtime;
    private final SuiteSettings settings;
    private final ConformanceReport report;
    private final Duration healthPoll;
    private final Once<FunctionBuild> build;
    private final Once<ServerProcess> server;
    private final List<ServerProcess> started = new CopyOnWriteArrayList<>();

    RuntimeUnderTest(InstalledRuntime runtime, SuiteSettings settings, ConformanceReport report) {
        this(runtime, settings, report, HEALTH_POLL);
    }

    /** @param healthPoll how often /healthz is polled while a server starts (the benchmark polls tighter) */
    RuntimeUnderTest(InstalledRuntime runtime, SuiteSettings settings, ConformanceReport report, Duration healthPoll) {
        this.runtime = runtime;
        this.settings = settings;
        this.report = report;
        this.healthPoll = healthPoll;
        this.build = new Once<>("building the fixture", this::buildFixture);
        this.server = new Once<>("starting the server", () -> startSpecialized("main"));
    }

    String id() {
        return runtime.id();
    }

    String folder() {
        return RuntimeSet.folder(runtime);
    }

    ConformanceReport report() {
        return report;
    }

    FunctionBuild build() {
        return build.get();
    }

    /** The main server, specialized through its environment; started by the first check that needs it. */
    ServerProcess server() {
        return server.get();
    }

    FunctionClient client() {
        return server().client();
    }

    /** A server started the way the platform starts a replica of the function, once healthy. */
    ServerProcess startSpecialized(String name) {
        return startSpecialized(name, Map.of());
    }

    /** The same with more contract variables ({@code NUBO_MAX_BODY_BYTES}, …). */
    ServerProcess startSpecialized(String name, Map<String, String> moreEnv) {
        FunctionBuild built = build();
        Map<String, String> env = serverEnvironment(built.commands());
        env.putAll(moreEnv);
        env.put("MOD_NAME", built.fixture().module());
        env.put("FUNC_HANDLER", built.fixture().function());
        env.put("FUNC_NAME", FUNCTION_NAME);
        env.put("FUNC_MEMORY_LIMIT", MEMORY_LIMIT);
        env.put("KUBELESS_INSTALL_VOLUME", built.codeDir().toString());
        return launch(name, built.commands().start(), env, built.codeDir());
    }

    /**
     * A warm-pool server: no MOD_NAME/FUNC_HANDLER and no code directory yet (an empty one as working
     * directory), started as the platform's pool starts it (runtime.json {@code poolStart}: Java's server without any
     * function's build); a compiled runtime that does not pool (Go) starts its build output, as its server is that.
     */
    ServerProcess startUnspecialized(String name) {
        FunctionBuild built = build();
        Path emptyCodeDir = FileTrees.createDirectories(built.logDir().resolveSibling("pool-" + name));
        RuntimeCommands commands = built.commandsFor(emptyCodeDir);
        List<String> command = runtime.descriptor().pools() ? commands.poolStart() : commands.start();
        return launch(name, command, serverEnvironment(commands), emptyCodeDir);
    }

    private Map<String, String> serverEnvironment(RuntimeCommands commands) {
        Map<String, String> env = new LinkedHashMap<>(commands.startEnvironment());
        env.put("FUNC_TIMEOUT", Integer.toString(TIMEOUT_SECONDS));
        env.put("FUNC_HOST", "127.0.0.1");
        env.put("FUNC_RUNTIME", id());
        env.put("NUBO_INSTANCE_ID", UUID.randomUUID().toString());
        return env;
    }

    private ServerProcess launch(String name, List<String> command, Map<String, String> env, Path workingDir) {
        int port = ServerProcess.freePort();
        env.put("FUNC_PORT", Integer.toString(port));
        ServerProcess process = ServerProcess.start(name, command, env, workingDir, build().logDir(), port,
                env.get("NUBO_INSTANCE_ID"));
        started.add(process);
        Duration startup = process.awaitHealthy(START_TIMEOUT, healthPoll);
        report.note(id(), name + " server healthy " + startup.toMillis() + " ms after process start");
        return process;
    }

    private FunctionBuild buildFixture() {
        FixtureFunction fixture = FixtureFunction.of(folder()).orElseThrow(() -> new AssertionError(
                "no fixture function in runtime-images/conformance/src/test/resources/functions/" + folder()));
        FunctionBuild built = FunctionBuild.prepare(runtime, fixture, settings.workDir().resolve(folder()),
                settings.cacheDir().resolve(folder()), settings.javaHome());
        if (runtime.descriptor().compiles()) {
            report.note(id(), "fixture compiled in " + built.compileTime().toMillis() + " ms");
        }
        return built;
    }

    /** Stops every server this runtime started. */
    @Override
    public void close() {
        started.forEach(ServerProcess::close);
    }
}
