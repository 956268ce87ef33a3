package dev.nubo.triggers.gateway;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.function.Supplier;

/** Native epoll where the platform has it (fewer syscalls and copies), NIO everywhere else. */
record NettyTransport(String name, Supplier<IoHandlerFactory> ioHandlers,
        Class<? extends ServerChannel> serverChannel, Class<? extends SocketChannel> socketChannel) {

    static NettyTransport detect() {
        if (Epoll.isAvailable()) {
            return new NettyTransport("epoll", EpollIoHandler::newFactory,
                    EpollServerSocketChannel.class, EpollSocketChannel.class);
        }
        return new NettyTransport("nio", NioIoHandler::newFactory,
                NioServerSocketChannel.class, NioSocketChannel.class);
    }

    /** Non-daemon threads: they keep a gateway-only JVM alive, as a web server's would. */
    MultiThreadIoEventLoopGroup newEventLoopGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("nubo-gateway"), ioHandlers.get());
    }
}
