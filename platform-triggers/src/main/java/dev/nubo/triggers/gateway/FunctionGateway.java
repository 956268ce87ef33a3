package dev.nubo.triggers.gateway;

import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.triggers.access.NamespaceCallMeter;
import dev.nubo.triggers.access.TenantCredentials;
import dev.nubo.core.metrics.CallRecorder;
import dev.nubo.triggers.http.HttpRoutes;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The function gateway: HttpTrigger routes (host, path prefix), then {@code /{namespace}/{function}[/path]}, any
 * method, proxied to a ready replica.
 *
 * <p>A Netty server whose upstream connections live on the caller's own event loop: a call is read, forwarded,
 * answered and its connection pooled without a thread switch or a lock. Stopping is graceful: no new connections,
 * calls in flight finish (up to {@code shutdownTimeout}), idle connections close.
 */
public class FunctionGateway implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FunctionGateway.class);

    private final GatewayProperties properties;
    private final FunctionEndpoints functions;
    private final HttpRoutes routes;
    private final TenantCredentials credentials;
    private final NamespaceCallMeter callMeter;
    private final CallRecorder calls;
    private MultiThreadIoEventLoopGroup eventLoops;
    private ChannelGroup connections;
    private Channel serverChannel;
    private volatile int port = -1;

    /**
     * @param routes      the HttpTrigger routes and the functions' access table ({@link HttpRoutes#none()}: none)
     * @param credentials checks of tenant tokens and users' passwords (functions in mode token/basic, HttpTriggers
     *                    with auth tenantToken); one without a credential store refuses every such credential
     * @param callMeter   counts each namespace's calls (the quota's usage)
     * @param calls       every call counted in the functions' metrics ({@link CallRecorder#NONE}: not counted)
     */
    public FunctionGateway(GatewayProperties properties, FunctionEndpoints functions, HttpRoutes routes,
            TenantCredentials credentials, NamespaceCallMeter callMeter, CallRecorder calls) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.functions = Objects.requireNonNull(functions, "functions");
        this.routes = Objects.requireNonNull(routes, "routes");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.callMeter = Objects.requireNonNull(callMeter, "callMeter");
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        NettyTransport transport = NettyTransport.detect();
        eventLoops = transport.newEventLoopGroup(properties.ioThreads());
        connections = new DefaultChannelGroup("nubo-gateway-callers", GlobalEventExecutor.INSTANCE);
        ProxyContext context = new ProxyContext(functions, routes, properties, loopResources(transport),
                credentials, callMeter, calls);
        try {
            serverChannel = new ServerBootstrap()
                    .group(eventLoops)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new GatewayChannelInitializer(context, connections,
                            (int) properties.maxBodyBytes().toBytes()))
                    .bind(properties.address(), properties.port())
                    .syncUninterruptibly()
                    .channel();
        } catch (Exception e) { // Netty rethrows the bind's IOException unchecked
            eventLoops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IllegalStateException("Function gateway cannot listen on " + properties.address() + ":"
                    + properties.port() + ": " + e.getMessage(), e);
        }
        port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        log.info("Function gateway listening on http://{}:{} ({}, {} event loops)", properties.address(), port,
                transport.name(), eventLoops.executorCount());
    }

    /** One upstream pool per event loop, swept for idle connections on that loop. */
    private Map<EventLoop, LoopResources> loopResources(NettyTransport transport) {
        Map<EventLoop, LoopResources> resources = new HashMap<>();
        long idleNanos = properties.upstreamIdleTimeout().toNanos();
        long sweepMillis = Math.max(100, properties.upstreamIdleTimeout().toMillis() / 2);
        for (EventExecutor executor : eventLoops) {
            EventLoop loop = (EventLoop) executor;
            UpstreamPool pool = new UpstreamPool(loop, transport, (int) properties.connectTimeout().toMillis(),
                    idleNanos);
            loop.scheduleWithFixedDelay(pool::evictIdle, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
            resources.put(loop, new LoopResources(pool));
        }
        return resources;
    }

    @Override
    public synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        connections.forEach(caller -> caller.pipeline().fireUserEventTriggered(ProxyHandler.DRAIN));
        long waitMillis = properties.shutdownTimeout().toMillis();
        if (!connections.newCloseFuture().awaitUninterruptibly(waitMillis)) {
            log.warn("Function gateway stopped with calls still in flight after {} ms", waitMillis);
            connections.close().awaitUninterruptibly();
        }
        eventLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        serverChannel = null;
        port = -1;
        log.info("Function gateway stopped");
    }

    @Override
    public synchronized boolean isRunning() {
        return serverChannel != null;
    }

    /** The port the gateway listens on (the bound one when configured as 0), or -1 when stopped. */
    public int port() {
        return port;
    }
}
