package dev.nubo.runtime.java.invoke;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.nubo.runtime.java.function.Call;
import dev.nubo.runtime.java.function.LoadedFunction;

/**
 * Runs function calls with a deadline. A call past its deadline is interrupted; one that ignores the interrupt
 * keeps running (Java cannot stop a thread) and is counted as a runaway until it ends, which makes the server
 * report itself unhealthy.
 *
 * <p>Function code runs on platform threads, not virtual ones: a virtual thread that never blocks (a busy loop)
 * keeps its carrier, and two such runaways would stall every virtual thread of a 2-core machine, the server's
 * own included. The pool grows with the calls in flight and keeps idle threads for a minute.
 */
public final class Invoker {

    /** How long a timed-out call gets to react to its interrupt before it counts as a runaway. */
    private static final Duration STOP_GRACE = Duration.ofMillis(50);

    private final ExecutorService workers = Executors.newCachedThreadPool(new WorkerThreads());
    private final Set<Invocation> runaways = ConcurrentHashMap.newKeySet();

    public Outcome invoke(LoadedFunction function, Call call) {
        Invocation invocation = new Invocation(function, call);
        Future<Object> future = workers.submit(invocation::run);
        try {
            return new Outcome.Returned(future.get(function.context().timeout().toNanos(), TimeUnit.NANOSECONDS));
        } catch (ExecutionException e) {
            return new Outcome.Threw(e.getCause());
        } catch (TimeoutException e) {
            return stop(invocation, future);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return stop(invocation, future);
        }
    }

    /** Calls that ran past their deadline, ignored the interrupt and are still running. */
    public int runaways() {
        return runaways.size();
    }

    private Outcome stop(Invocation invocation, Future<Object> future) {
        runaways.add(invocation);
        if (invocation.finished()) {
            runaways.remove(invocation);
        }
        if (!future.cancel(true)) {
            // finished between the deadline and the cancel: its result stands
            runaways.remove(invocation);
            return completed(future);
        }
        invocation.awaitFinish(STOP_GRACE);
        return new Outcome.TimedOut();
    }

    private static Outcome completed(Future<Object> future) {
        try {
            return new Outcome.Returned(future.get());
        } catch (ExecutionException e) {
            return new Outcome.Threw(e.getCause());
        } catch (CancellationException | InterruptedException e) {
            return new Outcome.TimedOut();
        }
    }

    /** One call on a worker thread, which knows when it has really ended (a cancelled Future does not). */
    private final class Invocation {
        private final LoadedFunction function;
        private final Call call;
        private final CountDownLatch done = new CountDownLatch(1);

        Invocation(LoadedFunction function, Call call) {
            this.function = function;
            this.call = call;
        }

        Object run() throws Exception {
            Thread thread = Thread.currentThread();
            thread.setContextClassLoader(function.classLoader());
            try {
                return function.invocable().invoke(call);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                // neither Exception nor Error: a rare custom Throwable, carried as the cause
                throw new Exception(t);
            } finally {
                done.countDown();
                runaways.remove(this);
            }
        }

        boolean finished() {
            return done.getCount() == 0;
        }

        void awaitFinish(Duration grace) {
            try {
                done.await(grace.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class WorkerThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "function-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
