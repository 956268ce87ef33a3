package dev.nubo.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeDescriptorTest {

    @TempDir
    Path dir;

    private RuntimeDescriptor read(String json) throws Exception {
        return RuntimeDescriptor.read(Files.writeString(dir.resolve(RuntimeDescriptor.FILE_NAME), json));
    }

    @Test
    void anInterpretedRuntimePoolsWithItsOwnStartCommand() throws Exception {
        RuntimeDescriptor python = read("""
                {"language":"python","idPrefix":"python","interpreter":{"candidates":["python3"]},
                 "fileExtension":"py","start":["{interpreter}","{runtimeDir}/server.py"]}""");

        assertThat(python.pools()).isTrue();
        assertThat(python.poolStartOrStart()).containsExactly("{interpreter}", "{runtimeDir}/server.py");
    }

    @Test
    void aCompiledRuntimePoolsOnlyWhenItSaysHowItsServerStartsWithoutAFunctionsBuild() throws Exception {
        RuntimeDescriptor go = read("""
                {"language":"go","idPrefix":"go","interpreter":{"candidates":["go"]},"fileExtension":"go",
                 "compile":["{interpreter}","build"],"start":["{buildDir}/server"]}""");
        RuntimeDescriptor java = read("""
                {"language":"java","idPrefix":"java","interpreter":{"candidates":["java"]},"fileExtension":"java",
                 "compile":["{interpreter}","Build"],
                 "start":["{interpreter}","-XX:SharedArchiveFile={buildDir}/nubo.jsa","-jar","{runtimeDir}/r.jar"],
                 "poolStart":["{interpreter}","-jar","{runtimeDir}/r.jar"]}""");

        assertThat(go.pools()).as("Go's server is the function's own binary").isFalse();
        assertThat(java.pools()).isTrue();
        assertThat(java.poolStartOrStart()).as("no function's build in a pool server's command")
                .containsExactly("{interpreter}", "-jar", "{runtimeDir}/r.jar");
    }
}
