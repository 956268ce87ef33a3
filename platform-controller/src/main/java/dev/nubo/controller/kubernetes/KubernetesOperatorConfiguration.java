package dev.nubo.controller.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import tools.jackson.databind.json.JsonMapper;

import dev.nubo.core.autoscale.Autoscaler;
import dev.nubo.core.autoscale.FunctionConcurrency;
import dev.nubo.core.autoscale.FunctionWaker;
import dev.nubo.core.distributed.DistributedProperties;
import dev.nubo.core.runtime.RuntimeBundle;
import dev.nubo.core.runtime.RuntimeDescriptor;
import dev.nubo.kubernetes.function.FunctionResourceWaker;
import dev.nubo.kubernetes.function.RuntimeImage;
import dev.nubo.kubernetes.function.RuntimeImages;
import dev.nubo.kubernetes.function.WorkloadSettings;
import dev.nubo.kubernetes.pool.PoolSpecializer;
import dev.nubo.kubernetes.tenant.TenantSettings;
import dev.nubo.kubernetes.trigger.HttpTriggerIngress;

/**
 * The Kubernetes backend's operator: one JOSDK reconciler per custom resource (Function, HttpTrigger, CronTrigger,
 * KafkaTrigger, NatsTrigger). Only with
 * {@code nubo.backend=kubernetes}; standalone (local backend, the default) never creates it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "nubo.backend", havingValue = "kubernetes")
@EnableConfigurationProperties({KubernetesBackendProperties.class, GatewayConcurrencyProperties.class,
        DistributedProperties.class})
public class KubernetesOperatorConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    KubernetesClient kubernetesClient() {
        // in a pod: its service account; elsewhere: ~/.kube/config
        return new KubernetesClientBuilder().build();
    }

    @Bean
    WorkloadSettings workloadSettings(KubernetesBackendProperties properties) {
        return new WorkloadSettings(runtimeImages(properties.runtimeImagesOrDefaults()), properties.utilityImage(),
                properties.sourceUrl(), properties.configMapLimitBytes(), properties.imagePullPolicy(),
                properties.defaultMemory(), properties.defaultCpu(), properties.podLabels());
    }

    /** Each configured image with its runtime's runtime.json (from the runtime bundle on the classpath). */
    static RuntimeImages runtimeImages(Map<String, String> imageByLanguage) {
        JsonMapper json = JsonMapper.builder().build();
        Map<String, RuntimeImage> images = new LinkedHashMap<>();
        imageByLanguage.forEach((language, image) -> {
            String path = RuntimeBundle.CLASSPATH_ROOT + language + "/" + RuntimeDescriptor.FILE_NAME;
            try (InputStream in = KubernetesOperatorConfiguration.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("nubo.kubernetes.runtime-images." + language
                            + ": no runtime " + language + " in the runtime bundle (" + path + ")");
                }
                RuntimeDescriptor descriptor = json.readValue(in.readAllBytes(), RuntimeDescriptor.class);
                images.put(descriptor.idPrefix(), RuntimeImage.of(descriptor, image));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return new RuntimeImages(images);
    }

    /**
     * With something measuring the calls (the gateway's {@link FunctionConcurrency}) functions scale on concurrency
     * and to zero through the {@link FunctionScaler}; without it, on CPU through a HorizontalPodAutoscaler and never
     * to zero.
     */
    @Bean
    FunctionReconciler functionReconciler(WorkloadSettings settings, KubernetesBackendProperties properties,
            ObjectProvider<Clock> clock, ObjectProvider<FunctionConcurrency> concurrency, KubernetesClient client) {
        Clock time = clock.getIfAvailable(Clock::systemUTC);
        var scaling = properties.scaling();
        FunctionConcurrency measured = concurrency.getIfAvailable();
        FunctionScaler scaler = measured == null ? null : new FunctionScaler(measured,
                new Autoscaler.Settings(scaling.stableWindow(), scaling.panicWindow()), scaling.sampleInterval(), time);
        // only a function the scaler takes to zero is ever woken; the tenants' pools exist with a positive size
        PoolSpecializer pool = scaler == null || properties.warmPoolSize() <= 0 ? null
                : new PoolSpecializer(client, settings, properties.warmPoolSpecializeTimeout(), time);
        return new FunctionReconciler(settings, time, scaler, pool);
    }

    /** The gateways' calls per function, polled from their {@code /_nubo/concurrency}: turns the scaler on. */
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean(FunctionConcurrency.class)
    @ConditionalOnProperty(name = "nubo.kubernetes.gateway-concurrency.enabled", havingValue = "true")
    GatewayConcurrency gatewayConcurrency(GatewayConcurrencyProperties properties, DistributedProperties distributed,
            KubernetesClient client) {
        return new GatewayConcurrency(properties, distributed.internalToken(), client);
    }

    /** How the gateway (in this cluster) wakes a function scaled to zero. */
    @Bean
    @ConditionalOnMissingBean(FunctionWaker.class)
    FunctionWaker functionWaker(KubernetesClient client, ObjectProvider<Clock> clock) {
        return new FunctionResourceWaker(client, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    TenantReconciler tenantReconciler(KubernetesBackendProperties properties, WorkloadSettings workloads,
            ObjectProvider<Clock> clock) {
        var tenancy = properties.tenancy();
        return new TenantReconciler(new TenantSettings(tenancy.platformNamespace(), tenancy.callers(),
                properties.defaultMemory(), properties.defaultCpu(), tenancy.clusterCidrs(), tenancy.api(),
                properties.apiPort()),
                clock.getIfAvailable(Clock::systemUTC), workloads, properties.warmPoolSize(),
                PoolSpecializer.claimBound(properties.warmPoolSpecializeTimeout()));
    }

    @Bean
    HttpTriggerReconciler httpTriggerReconciler(KubernetesBackendProperties properties, ObjectProvider<Clock> clock) {
        String ingressClass = properties.ingressClass() == null || properties.ingressClass().isBlank() ? null
                : properties.ingressClass();
        return new HttpTriggerReconciler(new HttpTriggerIngress.Settings(ingressClass, properties.ingressAnnotations(),
                properties.ingressRewrite()),
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    CronTriggerReconciler cronTriggerReconciler(ObjectProvider<Clock> clock) {
        return new CronTriggerReconciler(clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    KafkaTriggerReconciler kafkaTriggerReconciler(ObjectProvider<Clock> clock) {
        return new KafkaTriggerReconciler(clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    NatsTriggerReconciler natsTriggerReconciler(ObjectProvider<Clock> clock) {
        return new NatsTriggerReconciler(clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    Operator nuboOperator(KubernetesClient client, KubernetesBackendProperties properties,
            FunctionReconciler functions, TenantReconciler tenants, HttpTriggerReconciler httpTriggers, CronTriggerReconciler cronTriggers,
            KafkaTriggerReconciler kafkaTriggers, NatsTriggerReconciler natsTriggers, ObjectProvider<Metrics> metrics) {
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    // status is patched as a JSON merge patch: works on every API server (and the test mock)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withConcurrentReconciliationThreads(properties.reconcileThreads());
            metrics.ifAvailable(o::withMetrics);
            var election = properties.leaderElection();
            if (election.enabled()) {
                o.withLeaderElectionConfiguration(election.leaseNamespace() == null || election.leaseNamespace().isBlank()
                        ? new LeaderElectionConfiguration(election.leaseName())
                        : new LeaderElectionConfiguration(election.leaseName(), election.leaseNamespace()));
            }
        });
        operator.register(functions, c -> watch(c, properties));
        // Tenants are cluster-scoped: there is no namespace to narrow them to
        operator.register(tenants, c -> c.watchingAllNamespaces());
        operator.register(httpTriggers, c -> watch(c, properties));
        operator.register(cronTriggers, c -> watch(c, properties));
        operator.register(kafkaTriggers, c -> watch(c, properties));
        operator.register(natsTriggers, c -> watch(c, properties));
        return operator;
    }

    private static void watch(ControllerConfigurationOverrider<?> configuration, KubernetesBackendProperties properties) {
        if (properties.namespaces().isEmpty()) {
            configuration.watchingAllNamespaces();
        } else {
            configuration.settingNamespaces(new HashSet<>(properties.namespaces()));
        }
    }

    @Bean
    SmartLifecycle nuboOperatorLifecycle(Operator operator, FunctionReconciler functions) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                operator.start();
                functions.scaler().ifPresent(FunctionScaler::start);
                running = true;
            }

            @Override
            public void stop() {
                functions.scaler().ifPresent(FunctionScaler::close);
                operator.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }
}
