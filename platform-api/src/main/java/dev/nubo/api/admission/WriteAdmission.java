package dev.nubo.api.admission;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import dev.nubo.api.problem.Problems;
import dev.nubo.api.tenancy.AccessRules;
import dev.nubo.core.admission.ApiWriteLoad;
import dev.nubo.core.problem.ProblemCodes;

/**
 * Lets a few API writes run at once ({@code nubo.api.concurrent-writes}); the others wait their turn, up to
 * {@code nubo.api.write-wait}, then get 503 {@code API_BUSY} with Retry-After. Clients creating as fast as the API
 * answers took every core, so a read waited behind them (GET p99 ~190 ms while 8 clients created); taken a few at a
 * time, the writes leave a read its share. A write's body (up to 1 MiB) is read before it waits, so a client sending
 * slowly never holds a turn. Not held: reads, function calls ({@code …/invoke} waits on the function, not on the
 * API), and writes with a larger body or one of unknown length, whose time is the upload's.
 *
 * <p>A turn also rests after its write ({@code nubo.api.write-share}): at 0.5 a write that took 8 ms frees its turn 8
 * ms after it finished. Turns alone still let a flood keep both cores busy (each write sets off a reconcile, a build
 * and JIT work), and a read then waited on every hop — the poller, a carrier, the kernel delivering its answer: GET
 * p99 75–110 ms. With the rest the writes use at most that share of their turn, and slow down by themselves when the
 * machine is busy, because a busy machine makes each write take longer (bench/scale). The rest never holds the write's
 * own answer: it delays the next write.
 *
 * <p>Writes waiting for a turn tell the rest of the platform that clients are flooding it ({@link ApiWriteLoad}):
 * the local backend then starts replicas one at a time, spaced out, until they stop.
 */
public class WriteAdmission extends OncePerRequestFilter implements ApiWriteLoad {

    static final int SMALL_BODY_BYTES = 1024 * 1024;

    /**
     * The longest rest: the rest is for writes that keep the CPU busy, which take milliseconds; a write that took
     * seconds waited on something else (the store, a stopping replica) and should not hold every other write as long.
     */
    static final Duration MAX_REST = Duration.ofMillis(100);

    private final Semaphore turns;
    private final int concurrentWrites;
    private final long waitMillis;
    /** Rest per nanosecond of write: (1 − share) / share. */
    private final double restPerWrite;

    /**
     * @param share the share of its time a turn may spend writing (0 < share ≤ 1, checked by ApiProperties; 1: no rest)
     */
    public WriteAdmission(int concurrentWrites, Duration wait, double share) {
        this.turns = new Semaphore(concurrentWrites, true);
        this.concurrentWrites = concurrentWrites;
        this.waitMillis = wait.toMillis();
        this.restPerWrite = (1 - share) / share;
    }

    @Override
    public boolean writesWaiting() {
        return turns.hasQueuedThreads();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        long length = request.getContentLengthLong();
        return AccessRules.isRead(request.getMethod()) || !path.startsWith("/api/") || path.endsWith("/invoke")
                || length > SMALL_BODY_BYTES || length < 0 && request.getHeader("Transfer-Encoding") != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpServletRequest buffered = request.getContentLengthLong() > 0 ? new BufferedBody(request) : request;
        boolean turn;
        try {
            turn = turns.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServletException("interrupted while waiting for a write turn", e);
        }
        if (!turn) {
            response.setHeader("Retry-After", "1");
            Problems.write(response, 503, ProblemCodes.API_BUSY, "the API is busy with other changes ("
                    + concurrentWrites + " at once; this one waited " + waitMillis + " ms): nothing was changed, "
                    + "try again");
            return;
        }
        long started = System.nanoTime();
        try {
            chain.doFilter(buffered, response);
        } finally {
            long rest = Math.min(MAX_REST.toNanos(), (long) ((System.nanoTime() - started) * restPerWrite));
            if (rest > 0) {
                CompletableFuture.delayedExecutor(rest, TimeUnit.NANOSECONDS, Runnable::run).execute(turns::release);
            } else {
                turns.release();
            }
        }
    }

    /** The request with its body already read (at most {@link #SMALL_BODY_BYTES}, as its Content-Length says). */
    private static final class BufferedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedBody(HttpServletRequest request) throws IOException {
            super(request);
            this.body = request.getInputStream().readNBytes(SMALL_BODY_BYTES);
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            String encoding = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(),
                    java.nio.charset.Charset.forName(encoding)));
        }
    }
}
