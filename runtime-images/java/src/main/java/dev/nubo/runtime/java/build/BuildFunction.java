package dev.nubo.runtime.java.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import dev.nubo.runtime.java.function.FunctionCode;

/**
 * runtime.json's {@code compile}: compiles every {@code .java} file of the function with javac
 * ({@code --release 21}) against the runtime's API and the installed dependency jars into
 * {@code <buildDir>/classes}, then records a class-data-sharing archive of a training run of the server, which
 * the start command maps to start faster.
 *
 * <p>Arguments: {@code <runtimeDir> <codeDir> <depsDir> <buildDir>}.
 */
public final class BuildFunction {

    static final String RELEASE = "21";

    private BuildFunction() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 4) {
            fail("usage: BuildFunction <runtimeDir> <codeDir> <depsDir> <buildDir>");
        }
        RuntimeLayout runtime = new RuntimeLayout(Path.of(args[0]));
        Path codeDir = Path.of(args[1]);
        Path depsDir = Path.of(args[2]);
        Path buildDir = Path.of(args[3]);
        compile(runtime, codeDir, depsDir, buildDir);
        ClassDataArchive.record(runtime, codeDir, depsDir, buildDir);
    }

    static void compile(RuntimeLayout runtime, Path codeDir, Path depsDir, Path buildDir) throws IOException {
        List<Path> sources = sources(codeDir);
        if (sources.isEmpty()) {
            fail("no .java file in " + codeDir);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            fail("no javac in " + System.getProperty("java.home") + ": compiling a function needs a JDK");
        }
        Path classes = Files.createDirectories(buildDir.resolve(FunctionCode.CLASSES));
        List<String> arguments = new ArrayList<>(List.of(
                "--release", RELEASE, "-encoding", "UTF-8", "-parameters",
                "-d", classes.toString(),
                "-cp", classpath(runtime, depsDir)));
        sources.forEach(source -> arguments.add(source.toString()));
        if (javac.run(null, System.err, System.err, arguments.toArray(String[]::new)) != 0) {
            fail("compilation failed");
        }
    }

    private static List<Path> sources(Path codeDir) throws IOException {
        try (Stream<Path> files = Files.walk(codeDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".java") && Files.isRegularFile(f))
                    .filter(f -> !hidden(codeDir.relativize(f)))
                    .sorted()
                    .toList();
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String classpath(RuntimeLayout runtime, Path depsDir) {
        List<String> entries = new ArrayList<>();
        entries.add(runtime.jar().toString());
        FunctionCode.jars(depsDir).forEach(jar -> entries.add(jar.toString()));
        return String.join(java.io.File.pathSeparator, entries);
    }

    static void fail(String message) {
        System.err.println("error: " + message);
        System.exit(1);
    }
}
