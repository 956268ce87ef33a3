package dev.nubo.triggers.gateway;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * Buffers a request body up to the limit (a chunked body arrives at the replica with a Content-Length) and answers
 * 413 as problem details above it, instead of Netty's empty 413.
 */
final class BoundedBodyAggregator extends HttpObjectAggregator {

    BoundedBodyAggregator(int maxBodyBytes) {
        super(maxBodyBytes);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        // as Netty does: once body bytes were read, or when nothing else will come, the connection cannot go on
        boolean close = oversized instanceof FullHttpMessage || !ctx.channel().config().isAutoRead()
                || !HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized);
        FullHttpResponse response = tooLarge(ctx);
        if (close) {
            HttpUtil.setKeepAlive(response, false);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }

    /** A client that asked {@code Expect: 100-continue} with a too large length gets the same problem. */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof HttpResponse answer
                && answer.status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()) {
            ReferenceCountUtil.release(response);
            return tooLarge(pipeline.firstContext());
        }
        return response;
    }

    private FullHttpResponse tooLarge(ChannelHandlerContext ctx) {
        return GatewayProblem.PAYLOAD_TOO_LARGE.toResponse(ctx.alloc(),
                "The request body exceeds the gateway's limit of " + maxContentLength() + " bytes", null);
    }
}
