package dev.nubo.console.function;

import java.util.ArrayList;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.nubo.core.function.service.FunctionService;
import dev.nubo.core.metrics.FunctionHistory;
import dev.nubo.core.metrics.FunctionMetrics;

/**
 * The function page's charts read this: the last hour, minute by minute, as uPlot's columns (one array per series,
 * {@code null} where a minute has no value).
 */
@RestController
class FunctionMetricsController {

    private final FunctionService functions;
    private final FunctionMetrics metrics;

    FunctionMetricsController(FunctionService functions, FunctionMetrics metrics) {
        this.functions = functions;
        this.metrics = metrics;
    }

    /**
     * @param time     each minute's start, epoch seconds
     * @param replicas most replicas ready in the minute
     * @param calls    total calls and errors of the hour
     */
    record Columns(List<Long> time, List<Long> calls, List<Long> errors, List<Long> coldStarts, List<Double> p50,
            List<Double> p99, List<Integer> replicas, FunctionMetrics.CallTotals total) {

        static Columns of(FunctionHistory history) {
            int size = history.points().size();
            Columns columns = new Columns(new ArrayList<>(size), new ArrayList<>(size), new ArrayList<>(size),
                    new ArrayList<>(size), new ArrayList<>(size), new ArrayList<>(size), new ArrayList<>(size),
                    history.totals());
            for (FunctionHistory.Point point : history.points()) {
                columns.time.add(point.minute().getEpochSecond());
                columns.calls.add(point.calls());
                columns.errors.add(point.errors());
                columns.coldStarts.add(point.coldStarts());
                columns.p50.add(point.p50Millis());
                columns.p99.add(point.p99Millis());
                columns.replicas.add(point.replicas());
            }
            return columns;
        }
    }

    @GetMapping("/ns/{ns}/functions/{name}/metrics")
    Columns metrics(@PathVariable String ns, @PathVariable String name) {
        functions.get(ns, name); // 404 for a function that does not exist
        return Columns.of(metrics.history(ns, name));
    }
}
