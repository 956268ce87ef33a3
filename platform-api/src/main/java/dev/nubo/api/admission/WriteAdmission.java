package dev.nubo.api.admission;

import java.io.ByteArrayInputStream;
import java.io.IOException;
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
import dev.nubo.core.problem.ProblemCodes;

/**
 * Lets a few API writes run at once ({@code nubo.api.concurrent-writes}); the others wait their turn, up to
 * {@code nubo.api.write-wait}, then get 503 {@code API_BUSY} with Retry-After. Clients creating as fast as the API
 * answers took every core, so a read waited behind them (GET p99 ~190 ms while 8 clients created); taken a few at a
 * time, the writes leave a read its share. A write's body (up to 1 MiB) is read before it waits, so a client sending
 * slowly never holds a turn. Not held: reads, function calls ({@code …/invoke} waits on the function, not on the
 * API), and writes with a larger body or one of unknown length, whose time is the upload's.
 */
public class WriteAdmission extends OncePerRequestFilter {

    static final int SMALL_BODY_BYTES = 1024 * 1024;

    private final Semaphore turns;
    private final int concurrentWrites;
    private final long waitMillis;

    public WriteAdmission(int concurrentWrites, java.time.Duration wait) {
        this.turns = new Semaphore(concurrentWrites, true);
        this.concurrentWrites = concurrentWrites;
        this.waitMillis = wait.toMillis();
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
        try {
            chain.doFilter(buffered, response);
        } finally {
            turns.release();
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
