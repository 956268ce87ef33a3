package dev.nubo.runtimes.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.nubo.core.runtime.InstalledRuntime;

/**
 * bench/runtimes/run.sh: for every runtime, process start → first /healthz 200 over {@value #STARTS} starts
 * of the fixture function, and /hello throughput and latency with wrk; writes a Markdown table.
 * Usage: {@code RuntimeBenchmark <results.md>}; the suite's system properties select runtimes and directories.
 */
public final class RuntimeBenchmark {

    static final int STARTS = 20;
    static final List<String> WARM_UP = List.of("wrk", "-t1", "-c32", "-d3s");
    static final List<String> MEASURE = List.of("wrk", "-t1", "-c32", "-d10s", "--latency");
    private static final Duration POLL = Duration.ofMillis(2);

    record Result(String runtime, Duration startMedian, Duration startP90, Wrk wrk) {
    }

    record Wrk(double requestsPerSecond, String p50, String p99, String errors) {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "RESULTS-runtimes.md");
        SuiteSettings settings = SuiteSettings.fromSystemProperties();
        RuntimeSet runtimes = RuntimeSet.discover(settings);
        runtimes.missing().forEach(m -> System.out.println("not installed, skipped: " + m));
        String loadBefore = loadAverage();
        List<Result> results = new ArrayList<>();
        for (InstalledRuntime runtime : runtimes.installed()) {
            results.add(measure(new RuntimeUnderTest(runtime, settings, new ConformanceReport(), POLL)));
        }
        Files.writeString(out, markdown(results, loadBefore, loadAverage()), StandardCharsets.UTF_8);
        System.out.println(Files.readString(out));
    }

    private static Result measure(RuntimeUnderTest runtime) throws Exception {
        System.out.println("== " + runtime.id());
        try (runtime) {
            List<Duration> starts = startTimes(runtime);
            ServerProcess server = runtime.startSpecialized("wrk");
            String url = "http://127.0.0.1:" + server.port() + "/hello";
            wrk(WARM_UP, url);
            Wrk wrk = parse(wrk(MEASURE, url));
            return new Result(runtime.id(), percentile(starts, 50), percentile(starts, 90), wrk);
        }
    }

    private static List<Duration> startTimes(RuntimeUnderTest runtime) {
        List<Duration> times = new ArrayList<>();
        for (int i = 0; i < STARTS; i++) {
            try (ServerProcess server = runtime.startSpecialized("start-" + i)) {
                times.add(server.startupTime());
            }
        }
        System.out.println("starts (ms): " + times.stream().map(Duration::toMillis).toList());
        return times;
    }

    static Duration percentile(List<Duration> values, int percent) {
        List<Duration> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }

    private static String wrk(List<String> command, String url) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(command);
        full.add(url);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("wrk failed: " + output);
        }
        System.out.println(output);
        return output;
    }

    static Wrk parse(String output) {
        String errors = find(output, "Non-2xx or 3xx responses:\\s*(\\d+)", "0") + " non-2xx, "
                + find(output, "Socket errors:\\s*(.+)", "no socket errors");
        return new Wrk(Double.parseDouble(find(output, "Requests/sec:\\s*([\\d.]+)", "0")),
                find(output, "(?m)^\\s*50%\\s+(\\S+)", "?"), find(output, "(?m)^\\s*99%\\s+(\\S+)", "?"), errors);
    }

    private static String find(String text, String regex, String otherwise) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        return matcher.find() ? matcher.group(1).strip() : otherwise;
    }

    /** The 1/5/15-minute load average: the machine is shared, so timings need this context. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return String.join(" ", fields[0], fields[1], fields[2]);
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String markdown(List<Result> results, String loadBefore, String loadAfter) {
        StringBuilder out = new StringBuilder("# Runtime benchmark (" + LocalDate.now() + ")\n\n")
                .append("Fixture function (runtime-images/conformance), one server per runtime on 127.0.0.1, ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores shared with other work. ")
                .append("Start: process start → first `/healthz` 200, ").append(STARTS)
                .append(" starts, polled every ").append(POLL.toMillis()).append(" ms. Throughput: `")
                .append(String.join(" ", MEASURE)).append(" /hello` after a 3 s warm-up. Load average (1/5/15 min) ")
                .append(loadBefore).append(" before, ").append(loadAfter).append(" after.\n\n")
                .append("| runtime | start median | start p90 | hello req/s | p50 | p99 | errors |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            out.append(String.format(Locale.ROOT, "| %s | %d ms | %d ms | %.0f | %s | %s | %s |%n", r.runtime(),
                    r.startMedian().toMillis(), r.startP90().toMillis(), r.wrk().requestsPerSecond(), r.wrk().p50(),
                    r.wrk().p99(), r.wrk().errors()));
        }
        return out.toString();
    }
}
