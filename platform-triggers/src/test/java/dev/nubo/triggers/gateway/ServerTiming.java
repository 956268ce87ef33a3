package dev.nubo.triggers.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a {@code Server-Timing} header: metric name → duration in ms. */
final class ServerTiming {

    private ServerTiming() {
    }

    static Map<String, Double> parse(String header) {
        Map<String, Double> phases = new LinkedHashMap<>();
        for (String metric : header.split(",")) {
            String[] parts = metric.strip().split(";");
            double duration = Double.NaN;
            for (int i = 1; i < parts.length; i++) {
                if (parts[i].strip().startsWith("dur=")) {
                    duration = Double.parseDouble(parts[i].strip().substring(4));
                }
            }
            phases.put(parts[0].strip(), duration);
        }
        return phases;
    }
}
