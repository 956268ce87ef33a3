package dev.nubo.controller;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import dev.nubo.controller.build.CommandRunner;
import dev.nubo.controller.kubernetes.KubernetesOperatorConfiguration;
import dev.nubo.controller.build.FunctionBuilder;
import dev.nubo.controller.build.SourceFetcher;
import dev.nubo.controller.logs.LocalFunctionLogs;
import dev.nubo.controller.process.ChildProcesses;
import dev.nubo.controller.process.MachineMemory;
import dev.nubo.controller.process.ProcessSpawner;
import dev.nubo.controller.process.RunRecords;
import dev.nubo.controller.reconcile.LocalFunctionSupervisor;
import dev.nubo.controller.reconcile.StatusWriter;
import dev.nubo.controller.replica.FreePorts;
import dev.nubo.controller.replica.HealthProbe;
import dev.nubo.controller.replica.ReplicaLauncher;
import dev.nubo.controller.runtime.LocalRuntimeCatalog;
import dev.nubo.controller.sandbox.Sandbox;
import dev.nubo.controller.sandbox.SandboxProperties;
import dev.nubo.core.admission.ApiWriteLoad;
import dev.nubo.core.config.CoreConfiguration;
import dev.nubo.core.config.NuboProperties;
import dev.nubo.core.function.FunctionLimits;
import dev.nubo.core.function.FunctionValidator;
import dev.nubo.core.source.SourceArchives;
import dev.nubo.core.secret.SecretStore;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.controller.secret.ReplicaSecrets;
import dev.nubo.controller.pool.PoolProperties;
import dev.nubo.controller.pool.WarmPool;

/** The local backend's beans: runtimes found on this machine, builds, replicas as processes, logs. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ControllerProperties.class, SandboxProperties.class, PoolProperties.class})
@Import({CoreConfiguration.class, KubernetesOperatorConfiguration.class,
        dev.nubo.controller.distributed.DistributedControllerConfiguration.class})
public class ControllerModule {

    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    @Bean
    DataLayout dataLayout(NuboProperties nubo) {
        return new DataLayout(nubo.absoluteDataDir());
    }

    @Bean
    LocalRuntimeCatalog runtimeCatalog(DataLayout layout, ControllerProperties properties, Environment environment) {
        String searchPath = properties.searchPath().isBlank()
                ? environment.getProperty("PATH", "/usr/local/bin:/usr/bin:/bin") : properties.searchPath();
        return LocalRuntimeCatalog.detect(layout.runtimes(), searchPath, JAVA_HOME);
    }

    @Bean
    Sandbox sandbox(SandboxProperties properties, DataLayout layout, ControllerProperties controller) {
        // functions may call functions through the gateway; every other local port is closed to them
        int gatewayPort = java.net.URI.create(controller.gatewayUrl()).getPort();
        return new Sandbox(properties, JAVA_HOME, layout.dataDir(), gatewayPort > 0 ? List.of(gatewayPort) : List.of());
    }

    @Bean(destroyMethod = "close")
    ProcessSpawner processSpawner(ControllerProperties properties) {
        return new ProcessSpawner(properties.functionNiceness());
    }

    @Bean
    RunRecords runRecords(DataLayout layout) {
        return new RunRecords(layout.runRecords());
    }

    @Bean(destroyMethod = "close")
    LocalFunctionLogs functionLogs(DataLayout layout, ControllerProperties properties) {
        return new LocalFunctionLogs(layout.logs(), (long) properties.logMaxMegabytes() * 1024 * 1024);
    }

    @Bean
    ChildProcesses childProcesses(ProcessSpawner spawner, RunRecords runRecords) {
        return new ChildProcesses(spawner, runRecords);
    }

    @Bean
    FunctionBuilder functionBuilder(DataLayout layout, FunctionLimits limits, ControllerProperties properties,
            ChildProcesses children, Sandbox sandbox) {
        SourceFetcher fetcher = new SourceFetcher(properties.allowPrivateSourceUrls(),
                (long) properties.maxSourceUrlMegabytes() * 1024 * 1024, Duration.ofMinutes(2));
        return new FunctionBuilder(layout, new SourceArchives(limits.archive()), fetcher,
                new CommandRunner(children, sandbox, layout.scratch()), properties.buildTimeout(), JAVA_HOME);
    }

    @Bean
    ReplicaSecrets replicaSecrets(SecretStore secrets, Sandbox sandbox, DataLayout layout) {
        String id = dev.nubo.core.source.Checksums.sha256(layout.dataDir().toString()).substring(0, 8);
        return new ReplicaSecrets(secrets, ReplicaSecrets.defaultRoot(id, layout.dataDir().resolve("run-secrets")),
                sandbox.replicaUid());
    }

    @Bean
    FreePorts freePorts(ControllerProperties properties) {
        return new FreePorts(properties.bindAddress());
    }

    @Bean
    WarmPool warmPool(PoolProperties properties, LocalRuntimeCatalog catalog, ChildProcesses children, Sandbox sandbox,
            FreePorts ports, LocalFunctionLogs logs, DataLayout layout, ControllerProperties controller, Clock clock) {
        return new WarmPool(properties, catalog, children, sandbox, ports,
                new HealthProbe(Duration.ofSeconds(2)), logs, layout, controller.bindAddress(), JAVA_HOME, clock);
    }

    @Bean
    ReplicaLauncher replicaLauncher(ChildProcesses children, Sandbox sandbox, ReplicaSecrets secrets, FreePorts ports,
            LocalFunctionLogs logs, ControllerProperties properties, Clock clock) {
        return new ReplicaLauncher(children, sandbox, secrets, ports, logs, properties.bindAddress(),
                properties.stopTimeout(), clock);
    }

    /**
     * Only on the local backend: with {@code nubo.backend=kubernetes} the store is the Function resources, which the
     * operator reconciles; a local supervisor would run them here too and write their status alongside it.
     */
    @Bean
    @ConditionalOnProperty(name = "nubo.backend", havingValue = "local", matchIfMissing = true)
    LocalFunctionSupervisor functionSupervisor(FunctionStore store, LocalRuntimeCatalog catalog,
            FunctionValidator validator, FunctionBuilder builder, ReplicaLauncher launcher, LocalFunctionLogs logs,
            RunRecords runRecords, DataLayout layout, ControllerProperties properties, Clock clock, Sandbox sandbox,
            SecretStore secrets, ReplicaSecrets replicaSecrets, WarmPool pool, ObjectProvider<ApiWriteLoad> apiWrites) {
        return new LocalFunctionSupervisor(store, catalog, validator, builder, launcher,
                new HealthProbe(Duration.ofSeconds(2)), logs, runRecords, layout, properties,
                new StatusWriter(store, properties.gatewayUrl(), clock, sandbox::condition), clock, MachineMemory::available,
                secrets, replicaSecrets, pool, sandbox.processLimit(), apiWrites.getIfAvailable(() -> ApiWriteLoad.NONE));
    }
}
