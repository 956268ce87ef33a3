package dev.nubo.triggers.gateway;

import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.endpoint.FunctionRoute;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a caller's connection: resolves each request to a function replica and runs one
 * {@link ProxyCall} at a time. Requests a client pipelines wait their turn, so responses keep the request order.
 */
final class ProxyHandler extends ChannelInboundHandlerAdapter {

    /** Fired by a stopping gateway: finish the call in flight, then close. */
    static final Object DRAIN = new Object();

    private static final Logger log = LoggerFactory.getLogger(ProxyHandler.class);

    private final ProxyContext context;
    private ChannelHandlerContext ctx;
    private LoopResources loop;
    private String clientAddress;
    private ProxyCall call;
    private ArrayDeque<FullHttpRequest> waiting;
    private boolean draining;

    ProxyHandler(ProxyContext context) {
        this.context = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        this.loop = context.resourcesOf(ctx.channel().eventLoop());
        this.clientAddress = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (call == null) {
            dispatch(request);
        } else {
            enqueue(request);
        }
    }

    private void enqueue(FullHttpRequest request) {
        if (waiting == null) {
            waiting = new ArrayDeque<>(4);
        }
        waiting.add(request);
        ctx.channel().config().setAutoRead(false);
    }

    private void dispatch(FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            rejectMalformed(request);
            return;
        }
        FunctionPath path = FunctionPath.parse(request.uri());
        if (path == null) {
            answer(request, GatewayProblem.FUNCTION_NOT_FOUND,
                    "Call a function at /{namespace}/{function}[/path]", null, true);
            return;
        }
        Optional<FunctionRoute> found;
        try {
            found = context.functions().route(path.namespace(), path.function());
        } catch (RuntimeException e) {
            log.warn("Cannot resolve function {}", path.instance(), e);
            answer(request, GatewayProblem.INTERNAL_ERROR, "Cannot resolve the function's replicas", path.instance(),
                    true);
            return;
        }
        if (found.isEmpty()) {
            answer(request, GatewayProblem.FUNCTION_NOT_FOUND,
                    "No function " + path.function() + " in namespace " + path.namespace(), path.instance(), true);
        } else if (!found.get().ready()) {
            answer(request, GatewayProblem.FUNCTION_NOT_READY, notReadyDetail(found.get()), path.instance(), true);
        } else {
            forward(request, path, found.get());
        }
    }

    private void forward(FullHttpRequest request, FunctionPath path, FunctionRoute route) {
        Endpoint endpoint = loop.roundRobin().next(route);
        UpstreamPool.Replica replica = loop.upstreams().replica(endpoint);
        boolean clientHttp11 = request.protocolVersion().minorVersion() >= 1;
        context.requestHeaders().prepare(request, path.upstreamUri(), replica.hostHeader(), clientAddress,
                route.forwardCredentials());
        call = new ProxyCall(this, ctx, request, loop.upstreams(), replica, path, clientHttp11);
        call.start(context.deadlineNanos(context.timeoutOf(route)), context.timeoutOf(route));
    }

    private static String notReadyDetail(FunctionRoute route) {
        String reason = route.notReadyReason();
        return reason == null || reason.isBlank() ? "No replica of the function is ready" : reason;
    }

    private void rejectMalformed(FullHttpRequest request) {
        DecoderResult result = request.decoderResult();
        GatewayProblem problem = switch (result.cause()) {
            case TooLongHttpLineException ignored -> GatewayProblem.URI_TOO_LONG;
            case TooLongHttpHeaderException ignored -> GatewayProblem.HEADERS_TOO_LARGE;
            default -> GatewayProblem.MALFORMED_REQUEST;
        };
        // the decoder discards whatever follows a malformed request: this connection is done
        answer(request, problem, String.valueOf(result.cause().getMessage()), null, false);
    }

    /** Answers from the gateway itself, then goes on with the next request. */
    private void answer(FullHttpRequest request, GatewayProblem problem, String detail, String instance,
            boolean keepAlive) {
        request.release();
        writeProblem(problem, detail, instance, keepAlive);
        callEnded();
    }

    void writeProblem(GatewayProblem problem, String detail, String instance, boolean keepAlive) {
        FullHttpResponse response = problem.toResponse(ctx.alloc(), detail, instance);
        if (!keepAlive || draining) {
            HttpUtil.setKeepAlive(response, false);
        }
        ctx.writeAndFlush(response);
    }

    boolean draining() {
        return draining;
    }

    /** The call in flight is over (answered, failed or timed out): on with the next request, if any. */
    void callEnded() {
        call = null;
        if (waiting != null && !waiting.isEmpty()) {
            FullHttpRequest next = waiting.poll();
            if (waiting.isEmpty()) {
                ctx.channel().config().setAutoRead(true);
            }
            dispatch(next);
        } else if (draining) {
            ctx.close();
        }
    }

    /** A response was cut short: the caller cannot tell where it ends other than by the closed connection. */
    void abort() {
        call = null;
        ctx.close();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (call != null && ctx.channel().isWritable()) {
            call.onClientWritable();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == DRAIN) {
            draining = true;
            if (call == null) {
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (call != null) {
            call.onClientGone();
            call = null;
        }
        if (waiting != null) {
            waiting.forEach(FullHttpRequest::release);
            waiting.clear();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("Caller connection {} failed", ctx.channel(), cause);
        ctx.close();
    }
}
