package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

/**
 * Functions with dependencies: Python from a local package index (PyPI is not reachable from build machines), Node
 * from the npm registry, and the cache that makes two functions with the same dependencies install once.
 */
class DependenciesE2ETest {

    private final Platform nubo = Platform.shared();

    @Test
    void pythonRequirementsInstallFromALocalIndexOnceForTwoFunctions() throws Exception {
        Path index = Files.createDirectories(Platform.PACKAGE_MIRROR.resolve("wheels"));
        wheel(index, "greeting_lib", "1.0", "def greet(name):\n    return 'greetings, ' + name\n");
        String requirements = "--no-index\n--find-links " + index + "\ngreeting_lib==1.0\n";
        String code = "import greeting_lib\ndef handler(event, context):\n    return greeting_lib.greet(event['data'])\n";

        nubo.create("default", Functions.document("deps-py-a", "python3.11", "main.handler", Map.of("inline", code),
                requirements, Map.of(), null));
        nubo.awaitReady("default", "deps-py-a");
        nubo.create("default", Functions.document("deps-py-b", "python3.11", "main.handler", Map.of("inline", code),
                requirements, Map.of(), null));
        nubo.awaitReady("default", "deps-py-b");

        assertThat(nubo.call("POST", "/default/deps-py-a", "text/plain", "ada").body()).isEqualTo("greetings, ada");
        assertThat(nubo.call("POST", "/default/deps-py-b", "text/plain", "bob").body()).isEqualTo("greetings, bob");
        assertThat(logs("deps-py-a")).contains("[nubo] build: installing dependencies (requirements.txt)");
        assertThat(logs("deps-py-b")).contains("dependencies already installed")
                .doesNotContain("installing dependencies");
    }

    @Test
    void nodeDependenciesInstallFromTheNpmRegistry() {
        String code = "const isNumber = require('is-number');\n"
                + "module.exports = { handler: (event) => ({ input: event.data, isNumber: isNumber(event.data) }) };\n";
        nubo.create("default", Functions.document("deps-node", "nodejs20", "index.handler", Map.of("inline", code),
                "{\"name\": \"deps-node\", \"dependencies\": {\"is-number\": \"7.0.0\"}}", Map.of(), null));
        nubo.awaitReady("default", "deps-node");

        Http.Response response = nubo.call("POST", "/default/deps-node", "text/plain", "42");
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.json().path("isNumber").asBoolean()).isTrue();
    }

    @Test
    void aNodeZipWithTwoFilesRuns() throws Exception {
        String zip = FunctionLifecycleE2ETest.zip(Map.of(
                "index.js", "const lib = require('./lib');\nmodule.exports = { handler: () => lib.answer() };\n",
                "lib.js", "module.exports = { answer: () => 'from lib.js' };\n"));
        nubo.create("default", Functions.document("zip-node", "nodejs20", "index.handler", Map.of("zip", zip), null,
                Map.of(), null));
        nubo.awaitReady("default", "zip-node");

        assertThat(nubo.call("GET", "/default/zip-node", null, null).body()).isEqualTo("from lib.js");
    }

    @Test
    void anInlineNodeFunctionAnswersJsonAndText() {
        nubo.create("default", Functions.inline("hello-node", "nodejs20", "hello.handler",
                "module.exports = { handler: async (event) => typeof event.data === 'object' ? { echo: event.data } "
                        + ": 'hello ' + event.data };\n"));
        nubo.awaitReady("default", "hello-node");

        assertThat(nubo.call("POST", "/default/hello-node", "text/plain", "node").body()).isEqualTo("hello node");
        assertThat(nubo.call("POST", "/default/hello-node", "application/json", "{\"a\":[1,2]}").json()
                .path("echo").path("a").get(1).asInt()).isEqualTo(2);
    }

    private String logs(String name) {
        return nubo.apiCall("GET", "/api/v1/namespaces/default/functions/" + name + "/logs?tailLines=200", null, null)
                .body();
    }

    /** A wheel is a zip with the package and a .dist-info; enough for pip to install without building anything. */
    static void wheel(Path dir, String name, String version, String code) throws IOException {
        Path file = dir.resolve(name + "-" + version + "-py3-none-any.whl");
        String info = name + "-" + version + ".dist-info/";
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            put(zip, name + "/__init__.py", code);
            put(zip, info + "METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n");
            put(zip, info + "WHEEL", "Wheel-Version: 1.0\nGenerator: nubo-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
            put(zip, info + "RECORD", name + "/__init__.py,,\n" + info + "METADATA,,\n" + info + "WHEEL,,\n" + info
                    + "RECORD,,\n");
        }
    }

    private static void put(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
