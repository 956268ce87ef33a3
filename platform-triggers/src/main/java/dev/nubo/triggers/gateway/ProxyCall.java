package dev.nubo.triggers.gateway;

import dev.nubo.core.endpoint.FunctionLoad;
import dev.nubo.core.endpoint.ReplicaSlots;
import dev.nubo.core.metrics.CallRecorder;
import dev.nubo.triggers.http.TriggerCalls;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One call through the gateway: sends the buffered request to a replica over a pooled connection and streams the
 * replica's response back to the caller as it arrives. Everything happens on the caller's event loop, so there is
 * no locking. The call ends exactly once: answered, failed (502), timed out (504) or abandoned by the caller.
 */
final class ProxyCall {

    /** Methods that may be sent again when a reused connection turns out to be closed before any answer. */
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

    private final ProxyHandler client;
    private final ChannelHandlerContext clientCtx;
    private final FullHttpRequest request;
    private final UpstreamPool upstreams;
    private final UpstreamPool.Replica replica;
    private final FunctionPath function;
    private final boolean clientSpeaksChunked;
    private final int bodyStart;
    /** Headers the answer gets whatever it is: the route's (CORS), cold start and Server-Timing. */
    private final ColdStartHeaders answerHeaders;
    /** The function's calls in flight, begun by the handler (a held call counts while it waits): ended here once. */
    private final FunctionLoad load;
    /** The call's place on its replica (the function's containerConcurrency): given back once, when the call ends. */
    private final ReplicaSlots.Lease place;
    /** The routing trigger's call record, or null for a call to {@code /{namespace}/{function}}. */
    private final TriggerCalls triggerCalls;
    private long startedNanos;
    /** Where the call's outcome is counted (the function's metrics), with when it was dispatched and held. */
    private CallRecorder recorder = CallRecorder.NONE;
    private long dispatchedNanos;
    private long heldNanos = -1;

    private Duration functionTimeout;
    private ScheduledFuture<?> deadline;
    private UpstreamConnection connection;
    private boolean reusedConnection;
    private boolean retried;
    private boolean requestWritten;
    private boolean responseStarted;
    private boolean skippingInterimResponse;
    private boolean upstreamKeepAlive;
    private boolean finished;

    ProxyCall(ProxyHandler client, ChannelHandlerContext clientCtx, FullHttpRequest request, UpstreamPool upstreams,
            UpstreamPool.Replica replica, FunctionPath function, boolean clientSpeaksChunked,
            ColdStartHeaders answerHeaders, FunctionLoad load, ReplicaSlots.Lease place, TriggerCalls triggerCalls) {
        this.client = client;
        this.clientCtx = clientCtx;
        this.request = request;
        this.upstreams = upstreams;
        this.replica = replica;
        this.function = function;
        this.clientSpeaksChunked = clientSpeaksChunked;
        this.bodyStart = request.content().readerIndex();
        this.answerHeaders = answerHeaders;
        this.load = load;
        this.place = place;
        this.triggerCalls = triggerCalls;
    }

    /**
     * Counts the call's outcome in {@code recorder}: dispatched at {@code dispatchedNanos}, held {@code heldNanos}
     * while its function woke ({@code -1}: warm).
     */
    void measure(CallRecorder recorder, long dispatchedNanos, long heldNanos) {
        this.recorder = recorder;
        this.dispatchedNanos = dispatchedNanos;
        this.heldNanos = heldNanos;
    }

    void start(long deadlineNanos, Duration functionTimeout) {
        this.functionTimeout = functionTimeout;
        startedNanos = System.nanoTime();
        deadline = clientCtx.executor().schedule(this::onDeadline, deadlineNanos, TimeUnit.NANOSECONDS);
        UpstreamConnection idle = upstreams.pollIdle(replica);
        if (idle != null) {
            send(idle, true);
        } else {
            connect();
        }
    }

    private void connect() {
        upstreams.connect(replica).addListener((ChannelFutureListener) this::onConnected);
    }

    private void onConnected(ChannelFuture future) {
        if (!future.isSuccess()) {
            if (!finished) {
                fail(GatewayProblem.UPSTREAM_FAILED,
                        "Cannot connect to replica " + replica + ": " + describe(future.cause()));
            }
            return;
        }
        UpstreamConnection fresh = UpstreamConnection.of(future.channel());
        if (finished) {
            upstreams.release(replica, fresh);
        } else {
            send(fresh, false);
        }
    }

    private void send(UpstreamConnection target, boolean reused) {
        connection = target;
        reusedConnection = reused;
        requestWritten = false;
        target.bind(this);
        request.content().readerIndex(bodyStart);
        // retained: the encoder releases what it writes, and a retry must be able to send the request again
        target.channel().writeAndFlush(request.retain()).addListener(written -> onRequestWritten(target, written));
    }

    private void onRequestWritten(UpstreamConnection target, Future<?> written) {
        if (target != connection || finished) {
            return;
        }
        if (written.isSuccess()) {
            requestWritten = true;
        } else {
            target.channel().close();
        }
    }

    void onUpstreamMessage(Object msg) {
        if (finished) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpObject part && part.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            upstreamBroken("Invalid response from replica " + replica + ": " + describe(part.decoderResult().cause()));
            return;
        }
        if (msg instanceof HttpResponse response) {
            if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                skippingInterimResponse = true;
                ReferenceCountUtil.release(msg);
                return;
            }
            startResponse(response);
        }
        if (msg instanceof LastHttpContent) {
            if (skippingInterimResponse) {
                skippingInterimResponse = false;
                ReferenceCountUtil.release(msg);
                return;
            }
            clientCtx.writeAndFlush(msg);
            complete();
        } else {
            clientCtx.write(msg);
            pauseUpstreamIfCallerIsSlow();
        }
    }

    /** The replica's status and headers go back as they are, less what belonged to its connection. */
    private void startResponse(HttpResponse response) {
        responseStarted = true;
        cancelDeadline();
        long firstByteNanos = System.nanoTime() - startedNanos;
        if (triggerCalls != null) {
            triggerCalls.answered(response.status().code(), firstByteNanos);
        }
        recordOutcome(response.status().code());
        upstreamKeepAlive = HttpUtil.isKeepAlive(response);
        HttpHeaders headers = response.headers();
        boolean lengthKnown = headers.contains(HttpHeaderNames.CONTENT_LENGTH);
        HopByHopHeaders.strip(headers);
        answerHeaders.onAnswer(headers, firstByteNanos);
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (!lengthKnown && clientSpeaksChunked && mayHaveBody(response)) {
            HttpUtil.setTransferEncodingChunked(response, true);
        }
        if (client.draining()) {
            HttpUtil.setKeepAlive(response, false);
        }
    }

    private boolean mayHaveBody(HttpResponse response) {
        int status = response.status().code();
        return !HttpMethod.HEAD.equals(request.method()) && status != 204 && status != 304;
    }

    void onUpstreamReadComplete() {
        if (responseStarted && !finished) {
            clientCtx.flush();
        }
    }

    /** Back pressure: a caller reading slowly must not make the gateway buffer a large response. */
    private void pauseUpstreamIfCallerIsSlow() {
        if (!clientCtx.channel().isWritable() && connection != null) {
            connection.channel().config().setAutoRead(false);
        }
    }

    void onClientWritable() {
        if (connection != null && !connection.channel().config().isAutoRead()) {
            connection.channel().config().setAutoRead(true);
        }
    }

    void onUpstreamClosed(UpstreamConnection closed, Throwable cause) {
        if (finished || closed != connection) {
            return;
        }
        connection = null;
        if (responseStarted) {
            endWithoutAnswer();
            client.abort();
        } else if (mayRetry()) {
            // a kept-alive connection the replica had closed: send once more, on a new connection
            retried = true;
            connect();
        } else {
            fail(GatewayProblem.UPSTREAM_FAILED, "Replica " + replica + " closed the connection"
                    + (cause == null ? " without an answer" : ": " + describe(cause)));
        }
    }

    private boolean mayRetry() {
        return reusedConnection && !retried && (!requestWritten || IDEMPOTENT.contains(request.method()));
    }

    private void upstreamBroken(String detail) {
        if (responseStarted) {
            endWithoutAnswer();
            client.abort();
        } else {
            fail(GatewayProblem.UPSTREAM_FAILED, detail);
        }
    }

    private void onDeadline() {
        if (!finished && !responseStarted) {
            fail(GatewayProblem.FUNCTION_TIMEOUT, "The function did not answer within its timeout of "
                    + functionTimeout.toMillis() / 1000.0 + " s");
        }
    }

    /** The caller closed its connection: nobody is waiting for the answer any more. */
    void onClientGone() {
        if (!finished) {
            endWithoutAnswer();
        }
    }

    private void markFinished() {
        if (!finished) {
            finished = true;
            place.release();
            load.end();
        }
    }

    private void complete() {
        markFinished();
        cancelDeadline();
        UpstreamConnection used = connection;
        connection = null;
        if (upstreamKeepAlive && requestWritten && used.channel().isActive()) {
            upstreams.release(replica, used);
        } else {
            used.close();
        }
        request.release();
        client.callEnded();
    }

    private void fail(GatewayProblem problem, String detail) {
        endWithoutAnswer();
        if (triggerCalls != null) {
            triggerCalls.failed(problem.status().code(), detail);
        }
        recordOutcome(problem.status().code());
        client.writeProblem(problem, detail, function.instance(), true, answerHeaders::onProblem);
        client.callEnded();
    }

    private void recordOutcome(int status) {
        recorder.record(function.namespace(), function.function(), status, System.nanoTime() - dispatchedNanos,
                heldNanos);
    }

    private void endWithoutAnswer() {
        markFinished();
        cancelDeadline();
        if (connection != null) {
            connection.close();
            connection = null;
        }
        request.release();
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private static String describe(Throwable cause) {
        return cause == null ? "unknown error" : cause.getMessage() != null ? cause.getMessage()
                : cause.getClass().getSimpleName();
    }
}
