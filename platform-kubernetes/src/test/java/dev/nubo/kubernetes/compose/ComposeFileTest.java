package dev.nubo.kubernetes.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * docker-compose.yml at the root, as docker-compose reads it (there is no Docker engine here to run it): valid, the
 * four services built from their Dockerfiles, each with a healthcheck, started after what they need is healthy.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..");
    private static JsonNode compose;

    @BeforeAll
    static void resolve() throws Exception {
        Path binary = Path.of("/usr/bin/docker-compose");
        assumeTrue(Files.isExecutable(binary), "docker-compose is not installed: the compose file is not checked");
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-f", "docker-compose.yml", "config")
                .directory(ROOT.toFile()).redirectErrorStream(true);
        // the two shared secrets the file requires (README: an .env file)
        builder.environment().put("NUBO_SECRETS_KEY", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        builder.environment().put("NUBO_INTERNAL_TOKEN", "compose-test-token");
        Process config = builder.start();
        String out = new String(config.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(config.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(config.exitValue()).as(out).isZero();
        compose = YAMLMapper.builder().build().readTree(out);
    }

    @Test
    void theFourServicesAreBuiltFromTheirDockerfilesAndHealthChecked() {
        JsonNode services = compose.get("services");
        assertThat(services.propertyNames()).containsExactlyInAnyOrder("postgres", "kafka", "api", "controller",
                "triggers", "console");
        for (String service : List.of("api", "controller", "triggers", "console")) {
            JsonNode build = services.get(service).get("build");
            assertThat(build).as(service + " build").isNotNull();
            Path dockerfile = Path.of(build.get("context").asString()).resolve(build.get("dockerfile").asString());
            assertThat(dockerfile).as(service).exists();
            assertThat(services.get(service).get("environment").get("NUBO_STORE_URL").asString())
                    .isEqualTo("jdbc:postgresql://postgres:5432/nubo");
        }
        for (Map.Entry<String, JsonNode> service : services.properties()) {
            assertThat(service.getValue().get("healthcheck")).as(service.getKey() + " healthcheck").isNotNull();
            assertThat(service.getValue().get("healthcheck").get("test").isEmpty()).isFalse();
        }
    }

    @Test
    void theServicesMeetInTheStoreWithOneSecretsKeyAndTheGatewayReachesTheControllersReplicas() {
        JsonNode services = compose.get("services");
        for (String service : List.of("api", "controller", "triggers", "console")) {
            JsonNode environment = services.get(service).get("environment");
            assertThat(environment.get("NUBO_TOPOLOGY").asString()).as(service).isEqualTo("distributed");
            assertThat(environment.get("NUBO_SECRETS_KEY").asString()).as(service)
                    .isEqualTo("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
            assertThat(environment.get("NUBO_DISTRIBUTED_INTERNAL_TOKEN").asString()).as(service)
                    .isEqualTo("compose-test-token");
        }
        JsonNode controller = services.get("controller").get("environment");
        assertThat(controller.get("NUBO_CONTROLLER_BIND_ADDRESS").asString()).isEqualTo("0.0.0.0");
        assertThat(controller.get("NUBO_DISTRIBUTED_REPLICA_HOST").asString()).isEqualTo("controller");
        assertThat(controller.get("NUBO_DISTRIBUTED_CONTROLLER_URL").asString()).isEqualTo("http://controller:8080");
    }

    @Test
    void servicesStartAfterWhatTheyNeedIsHealthyAndKafkaRunsKraft() {
        JsonNode services = compose.get("services");
        assertThat(services.get("api").get("depends_on").get("postgres").get("condition").asString())
                .isEqualTo("service_healthy");
        assertThat(services.get("triggers").get("depends_on").get("kafka").get("condition").asString())
                .isEqualTo("service_healthy");
        assertThat(services.get("kafka").get("environment").get("KAFKA_PROCESS_ROLES").asString())
                .isEqualTo("broker,controller");
        assertThat(services.get("api").get("ports").toString()).contains("8080");
        assertThat(services.get("triggers").get("ports").toString()).contains("8081");
    }
}
