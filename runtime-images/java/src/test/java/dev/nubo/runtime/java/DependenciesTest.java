package dev.nubo.runtime.java;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.nubo.runtime.java.support.FunctionBuild;
import dev.nubo.runtime.java.support.MavenRepositories;
import dev.nubo.runtime.java.support.Processes;
import dev.nubo.runtime.java.support.RuntimeDescriptor.Dirs;
import dev.nubo.runtime.java.support.RuntimeServer;

/**
 * runtime.json's install: a function's pom.xml (the Kubeless form, with parent io.kubeless:kubeless) resolved
 * with Maven into the deps directory. Offline: the dependency comes from a file repository made here.
 */
class DependenciesTest {

    private static final String GREETING = """
            package nubotest.greeting;

            public final class Greeting {
                public static String greet(String name) {
                    return "Hello, " + name + "!";
                }
            }
            """;

    @Test
    void aKubelessPomInstallsAndTheFunctionUsesItsDependency() throws IOException {
        Dirs dirs = FunctionBuild.newDirs("deps");
        MavenRepositories.linkUserRepository(dirs.cache().resolve("maven/repository"), "nubotest");
        Path repository = MavenRepositories.fileRepository(dirs.cache().getParent().resolve("file-repo"),
                "nubotest.greeting", "greeting", "1.0", "nubotest.greeting.Greeting", GREETING);

        Processes.Result installed = FunctionBuild.install(dirs, kubelessPom(repository.toUri().toString()));

        assertThat(installed.exitCode()).as(installed.output()).isZero();
        assertThat(jarNames(dirs.deps())).containsExactly("greeting-1.0.jar");
        FunctionBuild.copyFunction("deps", dirs.code());
        Processes.Result compiled = FunctionBuild.compile(dirs);
        assertThat(compiled.exitCode()).as(compiled.output()).isZero();
        try (RuntimeServer server = RuntimeServer.start(dirs, "Hello.sayHello", Map.of())) {
            assertThat(server.post("/", "text/plain", "Ada").body()).isEqualTo("Hello, Ada!");
        }
    }

    @Test
    void anUnreachableRepositoryFailsFastWithMavensMessage() throws IOException {
        Dirs dirs = FunctionBuild.newDirs("deps-offline");
        MavenRepositories.linkUserRepository(dirs.cache().resolve("maven/repository"), "nubotest");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Processes.Result installed = FunctionBuild.install(dirs, """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>example</groupId>
                  <artifactId>function</artifactId>
                  <version>1</version>
                  <repositories>
                    <repository><id>central</id><url>http://127.0.0.1:%d/maven2</url></repository>
                  </repositories>
                  <dependencies>
                    <dependency><groupId>nubotest.absent</groupId><artifactId>absent</artifactId><version>1.0</version></dependency>
                  </dependencies>
                </project>
                """.formatted(closedPort));

        assertThat(installed.exitCode()).isNotZero();
        assertThat(installed.took()).isLessThan(Duration.ofMinutes(1));
        assertThat(installed.output()).contains("nubotest.absent:absent", "127.0.0.1:" + closedPort);
    }

    private static String kubelessPom(String repositoryUrl) {
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <artifactId>function</artifactId>
                  <name>function</name>
                  <version>1.0-SNAPSHOT</version>
                  <repositories>
                    <repository><id>central</id><url>%s</url></repository>
                  </repositories>
                  <dependencies>
                    <dependency>
                      <groupId>nubotest.greeting</groupId>
                      <artifactId>greeting</artifactId>
                      <version>1.0</version>
                    </dependency>
                    <dependency>
                      <groupId>io.kubeless</groupId>
                      <artifactId>params</artifactId>
                      <version>1.0-SNAPSHOT</version>
                    </dependency>
                  </dependencies>
                  <parent>
                    <groupId>io.kubeless</groupId>
                    <artifactId>kubeless</artifactId>
                    <version>1.0-SNAPSHOT</version>
                  </parent>
                </project>
                """.formatted(repositoryUrl);
    }

    private static java.util.List<String> jarNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        }
    }
}
