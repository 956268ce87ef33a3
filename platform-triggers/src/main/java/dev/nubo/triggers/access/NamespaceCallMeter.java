package dev.nubo.triggers.access;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

import dev.nubo.core.quota.GatewayCallRates;

/**
 * Counts the calls the gateway lets into each namespace, per second, over the last {@value #WINDOW} seconds: the
 * "calls per second" usage the quota API shows. Lock-free; a second's slot is reused ten seconds later.
 */
public final class NamespaceCallMeter implements GatewayCallRates {

    static final int WINDOW = 10;

    private final Map<String, Slots> namespaces = new ConcurrentHashMap<>();
    private final LongSupplier epochSecond;

    public NamespaceCallMeter() {
        this(() -> System.currentTimeMillis() / 1000);
    }

    NamespaceCallMeter(LongSupplier epochSecond) {
        this.epochSecond = epochSecond;
    }

    public void count(String namespace) {
        namespaces.computeIfAbsent(namespace, ns -> new Slots()).count(epochSecond.getAsLong());
    }

    /** The average over the last {@value #WINDOW} whole seconds (the current one not counted); 0 without calls. */
    @Override
    public Double callsPerSecond(String namespace) {
        Slots slots = namespaces.get(namespace);
        return slots == null ? 0.0 : slots.average(epochSecond.getAsLong());
    }

    private static final class Slots {
        private final AtomicLongArray seconds = new AtomicLongArray(WINDOW + 1);
        private final AtomicLongArray counts = new AtomicLongArray(WINDOW + 1);

        void count(long second) {
            int slot = (int) (second % seconds.length());
            long held = seconds.get(slot);
            if (held != second && seconds.compareAndSet(slot, held, second)) {
                counts.set(slot, 0);
            }
            counts.incrementAndGet(slot);
        }

        double average(long now) {
            long sum = 0;
            for (int i = 0; i < seconds.length(); i++) {
                long second = seconds.get(i);
                if (second < now && second >= now - WINDOW) {
                    sum += counts.get(i);
                }
            }
            return sum / (double) WINDOW;
        }
    }
}
