package dev.nubo.core.autoscale;

import java.time.Duration;

import dev.nubo.core.function.Scaling;

/**
 * Concurrency-based autoscaling after Knative's KPA: the calls in flight are sampled often; the average over a long
 * stable window sets the replicas, and the average over a short panic window scales up at once when load jumps
 * (panic mode: never down until the stable window has passed without another jump). Scale to zero after
 * {@code idleSeconds} without a call, for functions with {@code minReplicas 0}. Pure: the samples and the clock
 * come in, a decision comes out. Shared by both backends: the local supervisor and the Kubernetes operator's scaler.
 */
public final class Autoscaler {

    /** Panic when the panic window asks for at least this many times the replicas that are ready. */
    public static final double PANIC_THRESHOLD = 2.0;

    public record Settings(Duration stableWindow, Duration panicWindow) {
    }

    /**
     * What the autoscaler wants.
     *
     * @param desired     replicas
     * @param panicUntil  nanoTime until which panic mode holds (0 when not panicking)
     * @param reason      why, for the function's status
     */
    public record Decision(int desired, long panicUntil, String reason) {
    }

    private final Settings settings;

    public Autoscaler(Settings settings) {
        this.settings = settings;
    }

    /**
     * @param scaling       the function's scaling spec (min, max, target, idle)
     * @param current       replicas desired until now
     * @param ready         replicas ready now
     * @param load          the function's sampled calls in flight
     * @param inFlight      calls in flight right now
     * @param idleNanos     time since the last call began or ended
     * @param panicUntil    the previous decision's panic deadline
     * @param now           System.nanoTime()
     */
    public Decision decide(Scaling scaling, int current, int ready, LoadHistory load, int inFlight, long idleNanos,
            long panicUntil, long now) {
        int min = scaling.min();
        int max = Math.max(1, scaling.max());
        int target = scaling.target();
        double stable = load.average(settings.stableWindow().toNanos(), now);
        double panic = load.average(settings.panicWindow().toNanos(), now);
        int wantStable = (int) Math.ceil(stable / target);
        int wantPanic = (int) Math.ceil(panic / target);
        boolean panicking = now < panicUntil;
        if (wantPanic >= PANIC_THRESHOLD * Math.max(1, ready) && wantPanic > current) {
            panicUntil = now + settings.stableWindow().toNanos();
            panicking = true;
        }
        int desired;
        String reason;
        if (panicking) {
            desired = Math.max(current, wantPanic);
            reason = "load jumped: " + format(panic) + " calls in flight over " + seconds(settings.panicWindow())
                    + " / target " + target + " per replica";
        } else {
            desired = wantStable;
            reason = format(stable) + " calls in flight over " + seconds(settings.stableWindow()) + " / target "
                    + target + " per replica";
        }
        if (min == 0 && inFlight == 0 && idleNanos >= Duration.ofSeconds(scaling.idle()).toNanos()) {
            return new Decision(0, 0, "no call for " + scaling.idle() + " s");
        }
        int floor = min == 0 ? 1 : min; // active recently: keep one even when the average rounds to zero
        if (desired < floor) {
            desired = floor;
            reason = min == 0 ? "called in the last " + scaling.idle() + " s" : "minReplicas " + min;
        }
        if (desired > max) {
            desired = max;
            reason += " (capped by maxReplicas " + max + ")";
        }
        return new Decision(desired, panicking ? panicUntil : 0, reason);
    }

    private static String format(double value) {
        return value >= 10 || value == Math.rint(value) ? Long.toString(Math.round(value))
                : String.format(java.util.Locale.ROOT, "%.1f", value);
    }

    private static String seconds(Duration window) {
        return window.toMillis() % 1000 == 0 ? window.toSeconds() + " s" : window.toMillis() + " ms";
    }
}
