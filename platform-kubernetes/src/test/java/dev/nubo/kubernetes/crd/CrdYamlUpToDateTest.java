package dev.nubo.kubernetes.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The chart's CRDs (charts/nubo/crds) are what crd-generator-maven-plugin generates from the model at build time:
 * a model change without {@code ./mvnw -pl platform-kubernetes process-classes -Pupdate-crds} fails here.
 */
class CrdYamlUpToDateTest {

    private static final String UPDATE = "the chart's CRDs differ from the model: run "
            + "./mvnw -pl platform-kubernetes process-classes -Pupdate-crds and commit charts/nubo/crds";

    private final Path generated = Path.of("target/classes/META-INF/fabric8");
    private final Path committed = Path.of(System.getProperty("nubo.chart.crds", "../charts/nubo/crds"));

    @Test
    void everyGeneratedCrdIsCommittedUnchanged() throws IOException {
        Set<String> names = crdFiles(generated);
        assertThat(names).as("generated CRDs").containsExactlyInAnyOrder("functions.nubo.dev-v1.yml",
                "httptriggers.nubo.dev-v1.yml", "crontriggers.nubo.dev-v1.yml", "kafkatriggers.nubo.dev-v1.yml",
                "natstriggers.nubo.dev-v1.yml", "tenants.nubo.dev-v1.yml");
        assertThat(NuboCustomResources.crdFiles()).as("what tests install").containsExactlyInAnyOrderElementsOf(names);
        assertThat(crdFiles(committed)).as(UPDATE).isEqualTo(names);
        for (String name : names) {
            assertThat(Files.readString(committed.resolve(name))).as(UPDATE + " (" + name + ")")
                    .isEqualTo(Files.readString(generated.resolve(name)));
        }
    }

    @Test
    void functionCrdHasStatusSubresourcePrinterColumnsAndDescriptions() throws IOException {
        String crd = Files.readString(committed.resolve("functions.nubo.dev-v1.yml"));
        assertThat(crd).contains("subresources:\n      status: {}")
                .contains("jsonPath: \".spec.runtime\"", "jsonPath: \".status.phase\"",
                        "jsonPath: \".status.replicas.ready\"", "jsonPath: \".metadata.creationTimestamp\"")
                .contains("description: \"Runtime id, e.g. python3.11");
    }

    private static Set<String> crdFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith("-v1.yml"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
