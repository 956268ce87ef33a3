package dev.nubo.kubernetes.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.marcnuri.helm.Helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import dev.nubo.kubernetes.function.FunctionLabels;

/** charts/nubo through Helm itself (helm-java: Helm's Go library): lint, render, and check what it renders. */
class ChartRenderTest {

    private static final Path CHART = Path.of("../charts/nubo");
    private static final List<String> SERVICES = List.of("api", "controller", "triggers", "console");
    /** API versions the chart may use: the current ones (no extensions/v1beta1, autoscaling/v2beta*, …). */
    private static final Set<String> CURRENT = Set.of("v1", "apps/v1", "rbac.authorization.k8s.io/v1",
            "networking.k8s.io/v1", "autoscaling/v2", "apiextensions.k8s.io/v1");

    private static List<HasMetadata> render(Map<String, Object> values) {
        var template = new Helm(CHART).template().withName("nubo").withNamespace("nubo").withKubeVersion("1.31.0");
        values.forEach(template::set);
        String yaml = template.call();
        KubernetesSerialization serialization = new KubernetesSerialization();
        return Arrays.stream(yaml.split("(?m)^---\\s*$")).filter(doc -> doc.lines()
                        .anyMatch(l -> l.startsWith("kind:")))
                .map(doc -> (HasMetadata) serialization.unmarshal(doc)).toList();
    }

    private static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void helmLintPasses() {
        var lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void everyServiceHasItsDeploymentAccountServiceAndRoleWithProbesAndResources() {
        List<HasMetadata> objects = render(Map.of("ingress.enabled", "true", "ingress.className", "nginx"));
        assertThat(objects).allSatisfy(o -> assertThat(o.getApiVersion()).as(o.getKind() + " " + o.getMetadata().getName())
                .isIn(CURRENT));

        List<Deployment> deployments = all(objects, Deployment.class);
        assertThat(deployments).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(SERVICES.stream().map(s -> "nubo-" + s).toList());
        for (Deployment deployment : deployments) {
            var pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getServiceAccountName()).isEqualTo(deployment.getMetadata().getName());
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            for (Container c : pod.getContainers()) {
                String what = deployment.getMetadata().getName() + "/" + c.getName();
                assertThat(c.getResources().getRequests()).as(what).containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as(what).containsKeys("cpu", "memory");
                assertThat(c.getReadinessProbe()).as(what).isNotNull();
                assertThat(c.getLivenessProbe()).as(what).isNotNull();
                assertThat(c.getImage()).as(what).startsWith("ghcr.io/nubo-dev/nubo-").endsWith(":0.1.0");
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(what).isTrue();
            }
        }
        assertThat(all(objects, ServiceAccount.class)).hasSize(SERVICES.size());
        assertThat(all(objects, Service.class)).extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder("nubo-api", "nubo-controller", "nubo-triggers", "nubo-console");
        assertThat(all(objects, ClusterRole.class)).extracting(r -> r.getMetadata().getName())
                .containsExactlyInAnyOrder("nubo-api", "nubo-controller", "nubo-triggers", "nubo-console");
        assertThat(all(objects, Ingress.class)).singleElement().satisfies(i -> {
            assertThat(i.getSpec().getIngressClassName()).isEqualTo("nginx");
            // the gateway routes /<namespace>/<function> from the root: its own host, path /
            var gateway = i.getSpec().getRules().stream().filter(r -> r.getHost().equals("fn.example.com")).findFirst()
                    .orElseThrow().getHttp().getPaths().get(0);
            assertThat(gateway.getPath()).isEqualTo("/");
            assertThat(gateway.getBackend().getService().getName()).isEqualTo("nubo-triggers");
        });
    }

    @Test
    void rbacNamesEveryVerbAndResourceNoWildcards() {
        List<HasMetadata> objects = render(Map.of());
        List<PolicyRule> rules = new java.util.ArrayList<>();
        all(objects, ClusterRole.class).forEach(r -> rules.addAll(r.getRules()));
        all(objects, Role.class).forEach(r -> rules.addAll(r.getRules()));
        assertThat(rules).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule.getVerbs()).doesNotContain("*");
            assertThat(rule.getResources()).doesNotContain("*");
            assertThat(rule.getApiGroups()).doesNotContain("*");
        });
        ClusterRole triggers = all(objects, ClusterRole.class).stream()
                .filter(r -> r.getMetadata().getName().equals("nubo-triggers")).findFirst().orElseThrow();
        // the gateway reads Functions and patches one only to stamp the wake annotation; it never creates or deletes
        assertThat(triggers.getRules()).filteredOn(rule -> rule.getResources().contains("functions"))
                .flatExtracting(PolicyRule::getVerbs).containsOnly("get", "list", "watch", "patch");
        ClusterRole controller = all(objects, ClusterRole.class).stream()
                .filter(r -> r.getMetadata().getName().equals("nubo-controller")).findFirst().orElseThrow();
        // the controller makes each tenant's pool token and reads that Secret alone: no other secret is readable
        assertThat(controller.getRules()).filteredOn(rule -> rule.getResources().contains("secrets")).allSatisfy(rule ->
                assertThat(rule.getVerbs().equals(List.of("create"))
                        || rule.getResourceNames().equals(List.of("nubo-pool-token"))).as(rule.toString()).isTrue())
                .flatExtracting(PolicyRule::getVerbs).containsExactlyInAnyOrder("create", "get");
    }

    @Test
    void apiAndConsoleMayWriteTheCustomResourcesTheyStoreFunctionsTriggersAndTenantsIn() {
        List<HasMetadata> objects = render(Map.of());
        for (String name : List.of("nubo-api", "nubo-console")) {
            ClusterRole role = all(objects, ClusterRole.class).stream()
                    .filter(r -> r.getMetadata().getName().equals(name)).findFirst().orElseThrow();
            for (String resource : List.of("functions", "httptriggers", "natstriggers", "tenants")) {
                assertThat(role.getRules()).as(name + " " + resource)
                        .filteredOn(rule -> rule.getApiGroups().contains("nubo.dev")
                                && rule.getResources().contains(resource))
                        .flatExtracting(PolicyRule::getVerbs).contains("get", "list", "watch", "create", "delete");
            }
            assertThat(role.getRules()).as(name + " status").filteredOn(rule -> rule.getResources()
                    .contains("functions/status")).flatExtracting(PolicyRule::getVerbs).contains("update");
        }
    }

    @Test
    void theGatewayMayWatchEndpointSlicesAndWakeFunctionsAndTheControllerFindsTheGateways() {
        List<HasMetadata> objects = render(Map.of());
        ClusterRole triggers = all(objects, ClusterRole.class).stream()
                .filter(r -> r.getMetadata().getName().equals("nubo-triggers")).findFirst().orElseThrow();
        assertThat(triggers.getRules()).anySatisfy(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("discovery.k8s.io");
            assertThat(rule.getResources()).containsExactly("endpointslices");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch");
        });
        // the wake annotation: patch on functions, and no other write on them
        assertThat(triggers.getRules()).filteredOn(rule -> rule.getResources().contains("functions"))
                .flatExtracting(PolicyRule::getVerbs).containsExactlyInAnyOrder("get", "list", "watch", "patch");
        Role gateways = all(objects, Role.class).stream()
                .filter(r -> r.getMetadata().getName().equals("nubo-controller-gateways")).findFirst().orElseThrow();
        assertThat(gateways.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getResources()).containsExactly("endpointslices");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch");
        });
        var env = all(objects, Deployment.class).stream().filter(d -> d.getMetadata().getName().equals("nubo-controller"))
                .findFirst().orElseThrow().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertThat(env).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("NUBO_KUBERNETES_GATEWAYCONCURRENCY_SERVICE");
            assertThat(e.getValue()).isEqualTo("nubo-triggers");
        });
        assertThat(env).noneMatch(e -> e.getName().equals("NUBO_DISTRIBUTED_INTERNAL_TOKEN"));

        // with a token Secret, the controller sends and the gateway checks the same one
        for (String service : List.of("nubo-controller", "nubo-triggers")) {
            var withToken = all(render(Map.of("internalToken.existingSecret", "nubo-internal")), Deployment.class)
                    .stream().filter(d -> d.getMetadata().getName().equals(service)).findFirst().orElseThrow()
                    .getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
            assertThat(withToken).as(service).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("NUBO_DISTRIBUTED_INTERNAL_TOKEN");
                assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("nubo-internal");
                assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
            });
        }
    }

    @Test
    void apiConsoleAndTriggersReadEndpointsLogsAndRuntimesOfTheClusterAndEveryServiceMapsDefaultAlike() {
        List<HasMetadata> objects = render(Map.of("functions.defaultNamespace", "nubo-default"));
        for (String name : List.of("nubo-api", "nubo-console", "nubo-triggers")) {
            var env = all(objects, Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(name))
                    .findFirst().orElseThrow().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
            assertThat(env).as(name).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("NUBO_KUBERNETES_RUNTIMES_0_ID");
                assertThat(e.getValue()).isEqualTo("python3.11");
            });
            assertThat(env).as(name).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("NUBO_KUBERNETES_RUNTIMES_1_DEPSFILE");
                assertThat(e.getValue()).isEqualTo("package.json");
            });
            ClusterRole role = all(objects, ClusterRole.class).stream()
                    .filter(r -> r.getMetadata().getName().equals(name)).findFirst().orElseThrow();
            assertThat(role.getRules()).as(name + " routes from EndpointSlices").anySatisfy(rule -> {
                assertThat(rule.getResources()).containsExactly("endpointslices");
                assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch");
            });
        }
        for (String name : List.of("nubo-api", "nubo-console")) {
            ClusterRole role = all(objects, ClusterRole.class).stream()
                    .filter(r -> r.getMetadata().getName().equals(name)).findFirst().orElseThrow();
            assertThat(role.getRules()).as(name + " reads the pods' logs").filteredOn(rule -> rule.getResources()
                    .contains("pods/log")).flatExtracting(PolicyRule::getVerbs).containsExactly("get");
        }
        for (String name : SERVICES) {
            var env = all(objects, Deployment.class).stream()
                    .filter(d -> d.getMetadata().getName().equals("nubo-" + name)).findFirst().orElseThrow()
                    .getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
            assertThat(env).as(name).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("NUBO_KUBERNETES_DEFAULTNAMESPACE");
                assertThat(e.getValue()).isEqualTo("nubo-default");
            });
        }
    }

    @Test
    void runtimeImagesAreNamedInValuesAndFunctionPodsAreFencedByANetworkPolicy() {
        List<HasMetadata> objects = render(Map.of("image.tag", "9.9.9", "functions.namespaces[0]", "team-a"));
        Deployment controller = all(objects, Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals("nubo-controller")).findFirst().orElseThrow();
        var env = controller.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertThat(env).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("NUBO_KUBERNETES_RUNTIMEIMAGES_PYTHON");
            assertThat(e.getValue()).isEqualTo("ghcr.io/nubo-dev/nubo-runtime-python:9.9.9");
        });
        // the compiled runtimes too: their pods compile with the same image
        assertThat(env).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("NUBO_KUBERNETES_RUNTIMEIMAGES_GO");
            assertThat(e.getValue()).isEqualTo("ghcr.io/nubo-dev/nubo-runtime-go:9.9.9");
        });
        assertThat(env).anySatisfy(e -> assertThat(e.getName()).isEqualTo("NUBO_KUBERNETES_RUNTIMEIMAGES_JAVA"));
        assertThat(env).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("NUBO_KUBERNETES_NAMESPACES");
            assertThat(e.getValue()).isEqualTo("team-a");
        });
        NetworkPolicy policy = all(objects, NetworkPolicy.class).get(0);
        assertThat(policy.getMetadata().getNamespace()).isEqualTo("team-a");
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry(FunctionLabels.ROLE, "function");
        assertThat(policy.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchExpressions()
                .get(0).getValues()).contains("nubo-triggers");
    }

    @Test
    void controllerMayWatchEveryCustomResourceItReconcilesAndWriteItsStatus() throws Exception {
        ClusterRole controller = all(render(Map.of()), ClusterRole.class).stream()
                .filter(r -> r.getMetadata().getName().equals("nubo-controller")).findFirst().orElseThrow();
        // every CRD the chart installs has a reconciler in the operator
        try (var crds = java.nio.file.Files.list(CHART.resolve("crds"))) {
            for (String plural : crds.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".nubo.dev-v1.yml"))
                    .map(n -> n.substring(0, n.indexOf('.'))).toList()) {
                assertThat(controller.getRules()).as(plural).anySatisfy(rule -> {
                    assertThat(rule.getResources()).contains(plural);
                    assertThat(rule.getVerbs()).contains("get", "list", "watch");
                });
                assertThat(controller.getRules()).as(plural + "/status").anySatisfy(rule -> {
                    assertThat(rule.getResources()).contains(plural + "/status");
                    assertThat(rule.getVerbs()).contains("update", "patch");
                });
            }
        }
    }

    /**
     * What the controller creates names its Function, HttpTrigger or Tenant as owner with blockOwnerDeletion: a
     * cluster enforcing owner-reference permissions lets only whom may update the owner's finalizers do that.
     */
    @Test
    void controllerMaySetBlockingOwnerReferencesToWhatItReconciles() {
        ClusterRole controller = all(render(Map.of()), ClusterRole.class).stream()
                .filter(r -> r.getMetadata().getName().equals("nubo-controller")).findFirst().orElseThrow();
        for (String owner : List.of("functions", "httptriggers", "tenants")) {
            assertThat(controller.getRules()).as(owner + "/finalizers").anySatisfy(rule -> {
                assertThat(rule.getApiGroups()).containsExactly("nubo.dev");
                assertThat(rule.getResources()).contains(owner + "/finalizers");
                assertThat(rule.getVerbs()).contains("update");
            });
        }
    }

    @Test
    void controllerMayManageTenantNamespacesTheirQuotaLimitsAndPolicy() {
        List<HasMetadata> objects = render(Map.of("tenancy.clusterCidrs[0]", "10.42.0.0/16",
                "functions.warmPoolSize", "2"));
        ClusterRole controller = all(objects, ClusterRole.class).stream()
                .filter(r -> r.getMetadata().getName().equals("nubo-controller")).findFirst().orElseThrow();
        assertThat(controller.getRules()).anySatisfy(rule -> {
            assertThat(rule.getResources()).contains("tenants");
            assertThat(rule.getVerbs()).contains("watch", "patch");
        });
        for (String resource : List.of("namespaces", "resourcequotas", "limitranges", "networkpolicies")) {
            assertThat(controller.getRules()).as(resource).anySatisfy(rule -> {
                assertThat(rule.getResources()).contains(resource);
                assertThat(rule.getVerbs()).contains("get", "create", "update", "delete");
            });
        }
        var env = all(objects, Deployment.class).stream().filter(d -> d.getMetadata().getName().equals("nubo-controller"))
                .findFirst().orElseThrow().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertThat(env).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("NUBO_KUBERNETES_TENANCY_PLATFORMNAMESPACE");
            assertThat(e.getValue()).isEqualTo("nubo");
        });
        assertThat(env).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("NUBO_KUBERNETES_TENANCY_CLUSTERCIDRS");
            assertThat(e.getValue()).isEqualTo("10.42.0.0/16");
        });
        assertThat(env).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("NUBO_KUBERNETES_WARMPOOLSIZE");
            assertThat(e.getValue()).isEqualTo("2");
        });
    }

    private static List<io.fabric8.kubernetes.api.model.EnvVar> env(List<HasMetadata> objects, String deployment) {
        return all(objects, Deployment.class).stream().filter(d -> d.getMetadata().getName().equals(deployment))
                .findFirst().orElseThrow().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    }

    private static String value(List<io.fabric8.kubernetes.api.model.EnvVar> env, String name) {
        return env.stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow(() ->
                new AssertionError(name + " not set")).getValue();
    }

    @Test
    void theControllerOpensTenantsToTheApiPodsOnThePortTheyListenOn() {
        List<HasMetadata> objects = render(Map.of("api.port", "9090"));
        var api = all(objects, Deployment.class).stream().filter(d -> d.getMetadata().getName().equals("nubo-api"))
                .findFirst().orElseThrow().getSpec().getTemplate();
        assertThat(api.getSpec().getContainers().get(0).getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(9090));
        var controller = env(objects, "nubo-controller");
        // the tenants' policy names the API pods' own port, the one the code downloads reach them on
        assertThat(value(controller, "NUBO_KUBERNETES_TENANCY_APIPORT")).isEqualTo("9090");
        assertThat(value(controller, "NUBO_KUBERNETES_SOURCEURL")).isEqualTo("http://nubo-api.nubo.svc:9090");
        assertThat(value(controller, "NUBO_KUBERNETES_TENANCY_PLATFORMNAMESPACE")).isEqualTo("nubo");
        // and the pods the tenants' policy selects by name are the API's
        assertThat(api.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "nubo-api");

        // by default the chart fences no API pod: nothing on this side refuses the function pods
        assertThat(all(objects, NetworkPolicy.class)).noneSatisfy(policy -> assertThat(
                policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "nubo-api"));
    }

    @Test
    void whereThePlatformNamespaceDeniesIngressTheChartAdmitsFunctionPodsToTheApiOnItsPortOnly() {
        List<HasMetadata> objects = render(Map.of("api.port", "9090", "networkPolicy.admitFunctionsToApi", "true",
                "functions.namespaces[0]", "team-a"));
        NetworkPolicy policy = all(objects, NetworkPolicy.class).stream()
                .filter(p -> p.getMetadata().getName().equals("nubo-api-from-functions")).findFirst().orElseThrow();
        assertThat(policy.getMetadata().getNamespace()).isEqualTo("nubo");
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsOnly(
                Map.entry("app.kubernetes.io/instance", "nubo"), Map.entry("app.kubernetes.io/name", "nubo-api"));
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getProtocol()).isEqualTo("TCP");
                assertThat(port.getPort().getIntVal()).isEqualTo(9090);
            });
            assertThat(rule.getFrom()).hasSize(2).allSatisfy(peer -> {
                assertThat(peer.getPodSelector().getMatchLabels()).containsOnly(Map.entry(FunctionLabels.ROLE, "function"));
                assertThat(peer.getIpBlock()).isNull();
            });
            assertThat(rule.getFrom()).extracting(peer -> peer.getNamespaceSelector().getMatchExpressions().get(0))
                    .extracting(e -> e.getKey() + " " + e.getOperator() + " " + e.getValues())
                    .containsExactly("nubo.dev/tenant Exists []", "kubernetes.io/metadata.name In [team-a]");
        });
    }
}
