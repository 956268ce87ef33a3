package dev.nubo.core.function;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes quantities as numbers: {@code 256Mi} → bytes, {@code 500m} or {@code 0.5} → millicores. */
public final class Quantities {

    static final Pattern QUANTITY = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|m)?");
    private static final Map<String, BigDecimal> FACTORS = Map.ofEntries(
            Map.entry("", BigDecimal.ONE), Map.entry("m", new BigDecimal("0.001")),
            Map.entry("k", BigDecimal.valueOf(1_000L)), Map.entry("M", BigDecimal.valueOf(1_000_000L)),
            Map.entry("G", BigDecimal.valueOf(1_000_000_000L)), Map.entry("T", BigDecimal.valueOf(1_000_000_000_000L)),
            Map.entry("P", BigDecimal.TEN.pow(15)), Map.entry("E", BigDecimal.TEN.pow(18)),
            Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
            Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
            Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

    private Quantities() {
    }

    public static boolean valid(String quantity) {
        return quantity != null && QUANTITY.matcher(quantity).matches();
    }

    /** Bytes of a memory quantity (rounded up). */
    public static long bytes(String quantity) {
        return value(quantity).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }

    /** Millicores of a CPU quantity: {@code 500m} → 500, {@code 2} → 2000. */
    public static long millicores(String quantity) {
        return value(quantity).multiply(BigDecimal.valueOf(1000)).setScale(0, java.math.RoundingMode.CEILING)
                .longValueExact();
    }

    private static BigDecimal value(String quantity) {
        Matcher m = quantity == null ? null : QUANTITY.matcher(quantity);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not a quantity: " + quantity);
        }
        return new BigDecimal(m.group(1)).multiply(FACTORS.get(m.group(2) == null ? "" : m.group(2)));
    }
}
