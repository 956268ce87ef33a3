package dev.nubo.runtimes.conformance;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the suite runs, from system properties (the pom passes them; each has a default so an IDE run works).
 *
 * @param workDir       scratch space: extracted runtimes, built fixtures, server logs (wiped per runtime)
 * @param cacheDir      per-language caches kept between runs ({cacheDir}: GOCACHE and the like)
 * @param allowMissing  a bundled runtime whose language is not installed is skipped instead of failing
 * @param only          runtime folder names to test (empty: all)
 * @param runtimesDir   test these runtime folders instead of the bundle jar (for working on a runtime)
 * @param searchPath    where interpreters named without a path are looked up (the platform passes its PATH)
 * @param javaHome      the JDK the suite runs on, for {javaHome}
 */
record SuiteSettings(Path workDir, Path cacheDir, boolean allowMissing, Set<String> only, Optional<Path> runtimesDir,
        List<Path> searchPath, Path javaHome) {

    static SuiteSettings fromSystemProperties() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        return new SuiteSettings(
                Path.of(System.getProperty("nubo.conformance.workDir", tmp.resolve("nubo-conformance").toString())),
                Path.of(System.getProperty("nubo.conformance.cacheDir", tmp.resolve("nubo-conformance-cache").toString())),
                Boolean.getBoolean("nubo.conformance.allowMissing"),
                names(System.getProperty("nubo.conformance.runtimes", "")),
                Optional.ofNullable(System.getProperty("nubo.conformance.runtimesDir"))
                        .filter(s -> !s.isBlank()).map(Path::of),
                Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                        .filter(s -> !s.isBlank()).map(Path::of).toList(),
                Path.of(System.getProperty("java.home")));
    }

    boolean selected(String runtimeFolder) {
        return only.isEmpty() || only.contains(runtimeFolder);
    }

    private static Set<String> names(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
