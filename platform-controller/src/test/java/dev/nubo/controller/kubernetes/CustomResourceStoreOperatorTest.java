package dev.nubo.controller.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariDataSource;

import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

import dev.nubo.controller.ControllerModule;
import dev.nubo.controller.reconcile.LocalFunctionSupervisor;
import dev.nubo.core.config.CoreConfiguration;
import dev.nubo.core.function.Function;
import dev.nubo.core.function.FunctionPhase;
import dev.nubo.core.function.service.FunctionService;
import dev.nubo.core.problem.ProblemCodes;
import dev.nubo.core.problem.ProblemException;
import dev.nubo.core.quota.JdbcQuotaStore;
import dev.nubo.core.quota.Quota;
import dev.nubo.core.quota.QuotaStore;
import dev.nubo.core.runtime.RuntimeCatalog;
import dev.nubo.core.store.FunctionStore;
import dev.nubo.core.store.JdbcFunctionStore;
import dev.nubo.core.store.NamespaceStore;
import dev.nubo.core.testing.TestCatalog;
import dev.nubo.core.testing.TestDatabases;
import dev.nubo.core.testing.TestFunctions;
import dev.nubo.kubernetes.crd.FunctionResource;
import dev.nubo.kubernetes.crd.TenantResource;
import dev.nubo.kubernetes.store.FunctionResourceStore;
import dev.nubo.kubernetes.store.KubernetesStoreConfiguration;
import dev.nubo.kubernetes.store.TenantNamespaceStore;
import dev.nubo.kubernetes.endpoint.KubernetesFunctionEndpoints;
import dev.nubo.kubernetes.logs.PodFunctionLogs;
import dev.nubo.kubernetes.services.ConfiguredRuntimeCatalog;
import dev.nubo.kubernetes.services.KubernetesServicesConfiguration;
import dev.nubo.kubernetes.tenant.TenantObjects;

/**
 * With {@code nubo.backend=kubernetes} the services' store is the custom resources: a function created through
 * platform-core's {@link FunctionService} (what the API and the console call) is a Function resource, which the
 * operator reconciles, and whose status the service then reads; a namespace is a Tenant whose spec carries the
 * quota the service enforces and the operator applies. Mock API server in CRUD mode.
 */
@EnableKubernetesMockClient(crud = true)
class CustomResourceStoreOperatorTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    @TempDir
    Path dir;

    @Test
    void aFunctionCreatedThroughTheServiceIsACustomResourceTheOperatorReconciles() throws Exception {
        String ns = OperatorHarness.NAMESPACE;
        try (OperatorHarness operator = new OperatorHarness(client); HikariDataSource db = TestDatabases.h2(dir)) {
            services(db).withPropertyValues("nubo.backend=kubernetes").run(context -> {
                assertThat(context).getBean(FunctionStore.class).isInstanceOf(FunctionResourceStore.class);
                assertThat(context).getBean(NamespaceStore.class).isInstanceOf(TenantNamespaceStore.class);
                context.getBean(NamespaceStore.class).create(ns);
                FunctionService functions = context.getBean(FunctionService.class);

                Function created = functions.create(ns, TestFunctions.python(ns, "hello", "def handler(e, c): return 'hi'"));

                assertThat(client.resources(TenantResource.class).withName(ns).get()).as("the namespace is a Tenant")
                        .isNotNull();
                FunctionResource resource = client.resources(FunctionResource.class).inNamespace(ns).withName("hello")
                        .get();
                assertThat(resource.getSpec()).isEqualTo(created.spec());
                assertThat(resource.getStatus().phase()).isEqualTo(FunctionPhase.Pending);
                assertThat(functions.get(ns, "hello").spec()).as("read back at once").isEqualTo(created.spec());
                await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
                    Deployment deployment = client.apps().deployments().inNamespace(ns).withName("hello").get();
                    assertThat(deployment).as("the operator reconciled the Function").isNotNull();
                    assertThat(deployment.getMetadata().getOwnerReferences()).singleElement()
                            .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(created.metadata().uid()));
                });
                await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(
                        functions.get(ns, "hello").status().observedGeneration())
                        .as("the operator's status, seen through the service").isEqualTo(1L));

                context.getBean(QuotaStore.class).put(ns, new Quota(1, null, null, null, null, null));
                assertThat(client.resources(TenantResource.class).withName(ns).get().getSpec().quota().functions())
                        .as("the quota is the Tenant's").isEqualTo(1);
                assertThatThrownBy(() -> functions.create(ns, TestFunctions.python(ns, "second", "x = 1")))
                        .isInstanceOfSatisfying(ProblemException.class,
                                e -> assertThat(e.code()).isEqualTo(ProblemCodes.QUOTA_EXCEEDED));
                await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(client.resources(ResourceQuota.class)
                        .inNamespace(ns).withName(TenantObjects.NAME).get()).as("the operator applied the quota")
                        .isNotNull());

                functions.delete(ns, "hello");
                assertThat(client.resources(FunctionResource.class).inNamespace(ns).withName("hello").get()).isNull();
                assertThat(functions.list(ns)).isEmpty();
            });
        }
    }

    @Test
    void withoutTheSettingTheStoreStaysTheDatabase() {
        try (HikariDataSource db = TestDatabases.h2(dir)) {
            services(db).run(context -> {
                assertThat(context).getBean(FunctionStore.class).isInstanceOf(JdbcFunctionStore.class);
                assertThat(context).doesNotHaveBean(TenantNamespaceStore.class);
                assertThat(context).getBean(QuotaStore.class).isInstanceOf(JdbcQuotaStore.class);
            });
        }
    }

    @Test
    void theControllerOnKubernetesLeavesTheFunctionsToTheOperator() throws Exception {
        try (HikariDataSource db = TestDatabases.h2(dir)) {
            OperatorHarness.installCrds(client);
            withDatabase(db).withUserConfiguration(ControllerModule.class)
                    .withConfiguration(AutoConfigurations.of(KubernetesServicesConfiguration.class))
                    .withPropertyValues("nubo.backend=kubernetes", "nubo.kubernetes.namespaces=" + OperatorHarness.NAMESPACE)
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context).hasSingleBean(FunctionReconciler.class);
                        assertThat(context).doesNotHaveBean(LocalFunctionSupervisor.class);
                        // the operator has its own view of the cluster: no endpoints, pod logs or catalog of the services'
                        assertThat(context).doesNotHaveBean(KubernetesFunctionEndpoints.class)
                                .doesNotHaveBean(PodFunctionLogs.class).doesNotHaveBean(ConfiguredRuntimeCatalog.class);
                    });
        }
    }

    /** What a service (API, console, triggers) loads of platform-core, with the auto-configuration it gets. */
    private ApplicationContextRunner services(DataSource db) {
        return withDatabase(db).withUserConfiguration(CoreConfiguration.class)
                .withBean(RuntimeCatalog.class, TestCatalog::pythonAndNode);
    }

    private ApplicationContextRunner withDatabase(DataSource db) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KubernetesStoreConfiguration.class))
                .withBean(DataSource.class, () -> db)
                .withBean(JdbcTemplate.class, () -> new JdbcTemplate(db))
                .withBean(TransactionTemplate.class, () -> new TransactionTemplate(new DataSourceTransactionManager(db)))
                // the test's client: the context must not close it
                .withBean(KubernetesClient.class, () -> client, definition -> definition.setDestroyMethodName(""))
                .withPropertyValues("nubo.data-dir=" + dir);
    }
}
