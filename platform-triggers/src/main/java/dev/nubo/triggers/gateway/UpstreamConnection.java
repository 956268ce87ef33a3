package dev.nubo.triggers.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * One keep-alive connection to a replica, the last handler of its pipeline. It carries one call at a time and hands
 * that call what the replica sends; while idle in the pool anything arriving is unexpected and ends it.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {

    private Channel channel;
    private ProxyCall call;
    private long idleSince;
    private Throwable failure;

    static UpstreamConnection of(Channel channel) {
        return channel.pipeline().get(UpstreamConnection.class);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    Channel channel() {
        return channel;
    }

    void bind(ProxyCall call) {
        this.call = call;
    }

    void unbind() {
        call = null;
        if (!channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }

    void markIdle(long now) {
        idleSince = now;
    }

    boolean usableAt(long now, long idleTimeoutNanos) {
        return channel.isActive() && now - idleSince < idleTimeoutNanos;
    }

    void close() {
        call = null;
        channel.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (call != null) {
            call.onUpstreamMessage(msg);
        } else {
            ReferenceCountUtil.release(msg);
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (call != null) {
            call.onUpstreamReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ProxyCall current = call;
        call = null;
        if (current != null) {
            current.onUpstreamClosed(this, failure);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failure = cause;
        ctx.close();
    }
}
