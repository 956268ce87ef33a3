package dev.nubo.core.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the interpreter each runtime folder asks for and turns it into an {@link InstalledRuntime}.
 * Interpreter shims (pyenv, rbenv) are skipped: they cost ~150 ms per process start.
 */
public final class RuntimeDetector {

    private static final Logger log = LoggerFactory.getLogger(RuntimeDetector.class);
    private static final Pattern VERSION = Pattern.compile("(\\d+(?:\\.\\d+)*)");
    private static final long VERSION_TIMEOUT_SECONDS = 20;

    private final List<Path> searchPath;
    private final Path javaHome;

    /**
     * @param searchPath directories searched for candidates given by name (the platform passes its PATH)
     * @param javaHome   the JDK the platform runs on, for {@code {javaHome}}
     */
    public RuntimeDetector(List<Path> searchPath, Path javaHome) {
        this.searchPath = searchPath.stream().filter(d -> !isShimDirectory(d)).toList();
        this.javaHome = javaHome;
    }

    /** Detects every runtime folder under {@code runtimesRoot} (each holding a runtime.json). */
    public List<InstalledRuntime> detectAll(Path runtimesRoot) {
        List<InstalledRuntime> found = new ArrayList<>();
        try (var dirs = Files.list(runtimesRoot)) {
            for (Path dir : dirs.sorted().toList()) {
                if (Files.isRegularFile(dir.resolve(RuntimeDescriptor.FILE_NAME))) {
                    detect(dir).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list runtimes in " + runtimesRoot, e);
        }
        return found;
    }

    public Optional<InstalledRuntime> detect(Path runtimeDir) {
        RuntimeDescriptor descriptor = RuntimeDescriptor.read(runtimeDir.resolve(RuntimeDescriptor.FILE_NAME));
        for (String candidate : descriptor.interpreter().candidates()) {
            Optional<Path> interpreter = resolve(candidate.replace("{javaHome}", javaHome.toString()));
            if (interpreter.isEmpty()) {
                continue;
            }
            Optional<String> version = version(descriptor, runtimeDir, interpreter.get());
            if (version.isPresent()) {
                String shown = descriptor.fixedVersion() != null ? descriptor.fixedVersion()
                        : cut(version.get(), descriptor.versionParts());
                RuntimeInfo info = new RuntimeInfo(descriptor.idPrefix() + shown, descriptor.language(), shown,
                        descriptor.depsFile(), descriptor.fileExtension());
                log.info("runtime {} offered: {} ({})", info.id(), interpreter.get(), version.get());
                return Optional.of(new InstalledRuntime(info, descriptor, runtimeDir, interpreter.get()));
            }
        }
        log.info("runtime {} not offered: none of {} works here", descriptor.language(),
                descriptor.interpreter().candidates());
        return Optional.empty();
    }

    Optional<Path> resolve(String candidate) {
        if (candidate.contains("/")) {
            Path path = Path.of(candidate);
            return Files.isExecutable(path) && !isShim(path) ? Optional.of(path) : Optional.empty();
        }
        return searchPath.stream()
                .map(dir -> dir.resolve(candidate))
                .filter(p -> Files.isExecutable(p) && !Files.isDirectory(p) && !isShim(p))
                .findFirst();
    }

    private Optional<String> version(RuntimeDescriptor descriptor, Path runtimeDir, Path interpreter) {
        if (descriptor.interpreter().versionCommand().isEmpty()) {
            return Optional.ofNullable(descriptor.fixedVersion());
        }
        Map<String, String> values = Map.of(
                "interpreter", interpreter.toString(),
                "runtimeDir", runtimeDir.toString(),
                "javaHome", javaHome.toString());
        List<String> command = Placeholders.expand(descriptor.interpreter().versionCommand(), values);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(VERSION_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return Optional.empty();
            }
            Matcher matcher = VERSION.matcher(new String(output, StandardCharsets.UTF_8));
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static String cut(String version, int parts) {
        String[] split = version.split("\\.");
        return String.join(".", java.util.Arrays.copyOf(split, Math.min(parts, split.length)));
    }

    private static boolean isShimDirectory(Path dir) {
        return dir.getFileName() != null && dir.getFileName().toString().equals("shims");
    }

    private static boolean isShim(Path path) {
        return path.getParent() != null && isShimDirectory(path.getParent());
    }
}
