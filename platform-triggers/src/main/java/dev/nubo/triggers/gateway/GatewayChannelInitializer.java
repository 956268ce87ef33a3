package dev.nubo.triggers.gateway;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/** The pipeline of a caller's connection: HTTP/1.1 codec, keep-alive rules, bounded body, proxy. */
final class GatewayChannelInitializer extends ChannelInitializer<SocketChannel> {

    private static final HttpDecoderConfig REQUEST_DECODING = new HttpDecoderConfig()
            .setMaxInitialLineLength(8192)
            .setMaxHeaderSize(32 * 1024)
            .setMaxChunkSize(64 * 1024);

    private final ProxyContext context;
    private final ChannelGroup connections;
    private final int maxBodyBytes;

    GatewayChannelInitializer(ProxyContext context, ChannelGroup connections, int maxBodyBytes) {
        this.context = context;
        this.connections = connections;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        connections.add(channel);
        channel.pipeline().addLast(
                new HttpServerCodec(REQUEST_DECODING),
                new HttpServerKeepAliveHandler(),
                new BoundedBodyAggregator(maxBodyBytes),
                new ProxyHandler(context));
    }
}
