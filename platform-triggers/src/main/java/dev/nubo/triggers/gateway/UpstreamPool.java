package dev.nubo.triggers.gateway;

import dev.nubo.core.endpoint.Endpoint;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The keep-alive connections of one event loop to the replicas. Connections are created on the loop that serves
 * the caller, so a call never changes threads, and this pool needs no locks. It does not limit how many calls run at
 * once (a call comes with its place on the replica, taken from the function's {@code ReplicaSlots} within its
 * containerConcurrency): a connection per call in flight.
 * Idle connections are reused most recent first and closed after {@code idleTimeout}, before the replica's own
 * keep-alive timeout can close them under a request.
 */
final class UpstreamPool {

    private static final HttpDecoderConfig RESPONSE_DECODING = new HttpDecoderConfig()
            .setMaxInitialLineLength(8192)
            .setMaxHeaderSize(32 * 1024)
            .setMaxChunkSize(64 * 1024);

    private final Bootstrap bootstrap;
    private final long idleTimeoutNanos;
    private final Map<Endpoint, Replica> replicas = new HashMap<>();

    UpstreamPool(EventLoop loop, NettyTransport transport, int connectTimeoutMillis, long idleTimeoutNanos) {
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(
                                new HttpClientCodec(RESPONSE_DECODING, false, false),
                                new UpstreamConnection());
                    }
                });
    }

    Replica replica(Endpoint endpoint) {
        return replicas.computeIfAbsent(endpoint, Replica::new);
    }

    /** A live idle connection to the replica, or null when a new one is needed. */
    UpstreamConnection pollIdle(Replica replica) {
        long now = System.nanoTime();
        UpstreamConnection connection;
        while ((connection = replica.idle.pollFirst()) != null) {
            if (connection.usableAt(now, idleTimeoutNanos)) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    ChannelFuture connect(Replica replica) {
        return bootstrap.connect(replica.address);
    }

    void release(Replica replica, UpstreamConnection connection) {
        connection.unbind();
        connection.markIdle(System.nanoTime());
        // the sweep may have forgotten the replica while this call ran
        Replica known = replicas.putIfAbsent(replica.endpoint, replica);
        (known == null ? replica : known).idle.addFirst(connection);
    }

    /** Closes connections idle for too long, oldest first, and forgets replicas with none left. */
    void evictIdle() {
        long now = System.nanoTime();
        Iterator<Replica> replicaIterator = replicas.values().iterator();
        while (replicaIterator.hasNext()) {
            ArrayDeque<UpstreamConnection> idle = replicaIterator.next().idle;
            while (!idle.isEmpty() && !idle.peekLast().usableAt(now, idleTimeoutNanos)) {
                idle.pollLast().close();
            }
            if (idle.isEmpty()) {
                replicaIterator.remove();
            }
        }
    }

    /** One replica as seen from this loop: its address (resolved once) and its idle connections. */
    static final class Replica {
        private final Endpoint endpoint;
        private final InetSocketAddress address;
        private final String hostHeader;
        private final ArrayDeque<UpstreamConnection> idle = new ArrayDeque<>();

        Replica(Endpoint endpoint) {
            this.endpoint = endpoint;
            this.address = new InetSocketAddress(endpoint.host(), endpoint.port());
            this.hostHeader = endpoint.toString();
        }

        String hostHeader() {
            return hostHeader;
        }

        @Override
        public String toString() {
            return endpoint.toString();
        }
    }
}
