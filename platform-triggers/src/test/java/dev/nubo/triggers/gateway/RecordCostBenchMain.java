package dev.nubo.triggers.gateway;

import dev.nubo.core.metrics.InMemoryFunctionMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * What recording one call costs a gateway event loop, for {@code bench/metrics/run.sh}: {@code threads} threads
 * record calls of {@code functions} functions (history + Prometheus meters, as in standalone) as fast as they can.
 * Arguments: {@code threads functions seconds [history-only]}.
 */
public final class RecordCostBenchMain {

    private RecordCostBenchMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int threads = Integer.parseInt(args[0]);
        int functions = Integer.parseInt(args[1]);
        long seconds = Long.parseLong(args[2]);
        boolean meters = args.length < 4 || !"history-only".equals(args[3]);
        InMemoryFunctionMetrics metrics = new InMemoryFunctionMetrics(Clock.systemUTC(),
                meters ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : null, functions + 10);
        String[] names = new String[functions];
        for (int i = 0; i < functions; i++) {
            names[i] = "fn-" + i;
        }
        run(metrics, names, threads, 3); // warm-up: JIT, every function's series made
        long[] counts = run(metrics, names, threads, seconds);
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        double nanosPerCall = seconds * 1e9 * threads / total;
        System.out.printf("threads=%d functions=%d calls=%d ns_per_call_per_thread=%.0f%n", threads, functions, total,
                nanosPerCall);
    }

    private static long[] run(InMemoryFunctionMetrics metrics, String[] names, int threads, long seconds)
            throws InterruptedException {
        long[] counts = new long[threads];
        CountDownLatch done = new CountDownLatch(threads);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread.ofPlatform().start(() -> {
                long n = 0;
                int i = thread;
                while ((n & 1023) != 0 || System.nanoTime() < end) {
                    String name = names[i++ % names.length];
                    metrics.record("bench", name, (n % 50 == 0) ? 500 : 200, 200_000 + (n % 5_000) * 100, -1);
                    n++;
                }
                counts[thread] = n;
                done.countDown();
            });
        }
        done.await();
        return counts;
    }
}
