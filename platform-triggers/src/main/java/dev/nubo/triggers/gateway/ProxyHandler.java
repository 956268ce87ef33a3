package dev.nubo.triggers.gateway;

import dev.nubo.core.endpoint.FunctionLoad;
import dev.nubo.core.endpoint.FunctionRoute;
import dev.nubo.core.endpoint.ReplicaSlots;
import dev.nubo.core.function.FunctionAccess;
import dev.nubo.core.trigger.HttpTriggerSpec.RateLimit;
import dev.nubo.core.user.InvokeCredentials.Verdict;
import dev.nubo.triggers.access.AccessTable;
import dev.nubo.triggers.access.TenantCredentials;
import dev.nubo.triggers.http.HttpRouteTable;
import dev.nubo.triggers.http.RequestTarget;
import dev.nubo.triggers.http.RoutedTrigger;
import dev.nubo.triggers.http.TriggerCalls;
import dev.nubo.triggers.http.TriggerGate;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a caller's connection: resolves each request to a function replica and runs one
 * {@link ProxyCall} at a time. Requests a client pipelines wait their turn, so responses keep the request order.
 *
 * <p>HttpTrigger routes come first (host, longest path prefix; {@link TriggerGate} answers preflights, 405, 429
 * and 401); a request no trigger routes falls to {@code /{namespace}/{function}[/path]}.
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
    /**
     * A request waits off the event loop — for a slow credential check (bcrypt) or for its function to wake: the
     * connection is busy, later requests wait their turn.
     */
    private boolean held;
    /** The held call's place on a replica, while it waits: given up when the caller goes away. */
    private CompletableFuture<ReplicaSlots.Lease> pendingPlace;
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
        if (idle()) {
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

    private boolean idle() {
        return call == null && !held;
    }

    private void dispatch(FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            rejectMalformed(request);
            return;
        }
        HttpRouteTable routes = context.routes().current();
        if (!routes.isEmpty()) {
            RequestTarget target = RequestTarget.parse(request.uri());
            RoutedTrigger routed = routes.match(RequestTarget.hostOf(request.headers().get(HttpHeaderNames.HOST)),
                    target);
            if (routed != null) {
                dispatchRouted(request, routed, target);
                return;
            }
        }
        FunctionPath path = FunctionPath.parse(request.uri());
        if (path == null) {
            answer(request, GatewayProblem.FUNCTION_NOT_FOUND,
                    "Call a function at /{namespace}/{function}[/path]", null, true);
            return;
        }
        guardFunction(request, path);
    }

    /**
     * A call to {@code /{namespace}/{function}}: the function's rate limit (429, before credentials so a flood of
     * wrong passwords costs no bcrypt), its access mode (401, 404 without a role in the namespace, 403 without the
     * right to invoke), the namespace's calls-per-second quota (429), then the function.
     */
    private void guardFunction(FullHttpRequest request, FunctionPath path) {
        AccessTable.FunctionGuard guard = context.routes().access().function(path.namespace(), path.function());
        FunctionAccess.Mode mode = guard == null || guard.mode() == null ? context.defaultAccess() : guard.mode();
        String function = path.namespace() + "/" + path.function();
        if (guard != null && guard.limiter() != null) {
            long retryAfter = guard.limiter().tryAcquire();
            if (retryAfter > 0) {
                RateLimit limit = guard.limiter().limit();
                answer(request, GatewayProblem.RATE_LIMITED, "Function " + function + " takes "
                        + limit.requestsPerSecond() + " requests per second (bursts of " + limit.burst()
                        + "); try again in " + retryAfter + " s", path.instance(),
                        headers -> headers.set(HttpHeaderNames.RETRY_AFTER, Long.toString(retryAfter)));
                return;
            }
        }
        if (mode == FunctionAccess.Mode.PUBLIC) {
            if (admitQuota(request, path.namespace(), path.instance(), null)) {
                resolveAndCall(request, path, true);
            }
            return;
        }
        TenantCredentials.Scheme scheme = mode == FunctionAccess.Mode.TOKEN ? TenantCredentials.Scheme.BEARER
                : TenantCredentials.Scheme.BASIC;
        String realm = "realm=\"" + function + "\"";
        String challenge = scheme == TenantCredentials.Scheme.BEARER ? "Bearer " + realm
                : "Basic " + realm + ", charset=\"UTF-8\"";
        checkTenant(request, scheme, path.namespace(), path.instance(), "function " + function, challenge, null, true,
                () -> {
                    if (admitQuota(request, path.namespace(), path.instance(), null)) {
                        // the caller's credentials are the platform's: never forwarded to the function
                        resolveAndCall(request, path, false);
                    }
                });
    }

    /**
     * Checks a platform credential (a tenant API token, or a user's password) for the right to invoke in
     * {@code namespace}: a remembered verdict on the event loop, else the store (and bcrypt) off it while the
     * connection holds the call.
     *
     * @param hideWithoutRole a caller without a role in the namespace gets 404, as if the function did not exist
     *                        (functions); otherwise 403 (HttpTriggers, whose routes are public anyway)
     * @param routeHeaders    headers every answer gets (a trigger's CORS), or null
     */
    private void checkTenant(FullHttpRequest request, TenantCredentials.Scheme scheme, String namespace,
            String instance, String subject, String challenge, Consumer<HttpHeaders> routeHeaders,
            boolean hideWithoutRole, Runnable allowed) {
        String presented = TenantCredentials.credentials(request.headers().get(HttpHeaderNames.AUTHORIZATION), scheme);
        if (presented == null) {
            answer(request, GatewayProblem.UNAUTHORIZED, "Calling " + subject + " needs "
                    + (scheme == TenantCredentials.Scheme.BEARER ? "an API token (Authorization: Bearer <token>)"
                            : "a platform user's credentials (HTTP Basic)")
                    + " with the right to invoke in namespace " + namespace, instance,
                    headers -> withRoute(headers.set(HttpHeaderNames.WWW_AUTHENTICATE, challenge), routeHeaders));
            return;
        }
        TenantCredentials credentials = context.credentials();
        Verdict known = credentials.remembered(scheme, presented, namespace);
        if (known != null) {
            onVerdict(request, known, scheme, namespace, instance, subject, challenge, routeHeaders, hideWithoutRole,
                    allowed);
            return;
        }
        held = true;
        credentials.check(scheme, presented, namespace, clientAddress).whenComplete((verdict, failure) -> onLoop(() -> {
            held = false;
            if (!ctx.channel().isActive()) {
                request.release();
            } else if (failure != null) {
                // the bounded queue of credential checks is full: a flood of new credentials
                answer(request, GatewayProblem.RATE_LIMITED, "Too many credential checks at once; try again",
                        instance, headers -> withRoute(headers.set(HttpHeaderNames.RETRY_AFTER, "1"), routeHeaders));
            } else {
                onVerdict(request, verdict, scheme, namespace, instance, subject, challenge, routeHeaders,
                        hideWithoutRole, allowed);
            }
        }, request::release));
    }

    private void onVerdict(FullHttpRequest request, Verdict verdict, TenantCredentials.Scheme scheme,
            String namespace, String instance, String subject, String challenge, Consumer<HttpHeaders> routeHeaders,
            boolean hideWithoutRole, Runnable allowed) {
        switch (verdict.outcome()) {
            case ALLOWED -> allowed.run();
            case UNAUTHENTICATED -> answer(request, GatewayProblem.UNAUTHORIZED, scheme == TenantCredentials.Scheme.BEARER
                    ? "The API token is not accepted (unknown, expired or revoked)"
                    : "The user name or password is not accepted", instance,
                    headers -> withRoute(headers.set(HttpHeaderNames.WWW_AUTHENTICATE,
                            scheme == TenantCredentials.Scheme.BEARER ? challenge + ", error=\"invalid_token\""
                                    : challenge), routeHeaders));
            case NO_ROLE -> {
                if (hideWithoutRole) {
                    FunctionPath path = FunctionPath.parse(request.uri());
                    answer(request, GatewayProblem.FUNCTION_NOT_FOUND, path == null ? "No such function"
                            : "No function " + path.function() + " in namespace " + path.namespace(), instance,
                            routeHeaders);
                } else {
                    answer(request, GatewayProblem.FORBIDDEN, "Your credentials have no role in namespace "
                            + namespace + ": they may not call " + subject, instance, routeHeaders);
                }
            }
            case FORBIDDEN -> answer(request, GatewayProblem.FORBIDDEN, "Your role in namespace " + namespace + " is "
                    + (verdict.role() == null ? "none" : verdict.role().id())
                    + ": calling " + subject + " needs developer or admin", instance, routeHeaders);
            case LOCKED -> answer(request, GatewayProblem.LOGIN_LOCKED, "Too many failed logins for this user from"
                    + " your address: try again in " + verdict.retryAfterSeconds() + " s", instance,
                    headers -> withRoute(headers.set(HttpHeaderNames.RETRY_AFTER,
                            Long.toString(verdict.retryAfterSeconds())), routeHeaders));
        }
    }

    /** The namespace's calls-per-second quota: false when it answered 429; a call let in is counted (usage). */
    private boolean admitQuota(FullHttpRequest request, String namespace, String instance,
            Consumer<HttpHeaders> routeHeaders) {
        AccessTable.CallQuota quota = context.routes().access().quota(namespace);
        if (quota != null) {
            long retryAfter = quota.tryAcquire();
            if (retryAfter > 0) {
                answer(request, GatewayProblem.QUOTA_EXCEEDED, "quota callsPerSecond of namespace " + namespace + ": "
                        + quota.callsPerSecond() + " calls per second at the gateway; try again in " + retryAfter
                        + " s", instance, headers -> withRoute(headers.set(HttpHeaderNames.RETRY_AFTER,
                                Long.toString(retryAfter)), routeHeaders));
                return false;
            }
        }
        context.callMeter().count(namespace);
        return true;
    }

    private static void withRoute(HttpHeaders headers, Consumer<HttpHeaders> routeHeaders) {
        if (routeHeaders != null) {
            routeHeaders.accept(headers);
        }
    }

    /** Resolves the function's replicas (404 when it does not exist) and calls it. */
    private void resolveAndCall(FullHttpRequest request, FunctionPath path, boolean credentialsAllowed) {
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
        } else {
            callFunction(request, path, found.get(), credentialsAllowed, null, null);
        }
    }

    /** A request an HttpTrigger routes: the trigger's checks, then its function through the same proxy path. */
    private void dispatchRouted(FullHttpRequest request, RoutedTrigger routed, RequestTarget target) {
        TriggerGate gate = new TriggerGate(routed, request.method().name(), request.headers());
        if (gate.isPreflight()) {
            request.release();
            answerPreflight(gate);
            callEnded();
            return;
        }
        Consumer<HttpHeaders> answerHeaders = gate.answerHeaders();
        String instance = gate.instance();
        if (!gate.methodAllowed()) {
            answer(request, GatewayProblem.METHOD_NOT_ALLOWED, gate.methodRefusal(), instance,
                    headers -> gate.addAllow(headers, answerHeaders));
            return;
        }
        long retryAfter = gate.acquire();
        if (retryAfter > 0) {
            answer(request, GatewayProblem.RATE_LIMITED, gate.rateRefusal(retryAfter), instance,
                    headers -> gate.addRetryAfter(headers, retryAfter, answerHeaders));
            return;
        }
        String namespace = routed.route().namespace();
        switch (gate.checkCredentials()) {
            case ALLOWED -> {
                if (admitQuota(request, namespace, instance, answerHeaders)) {
                    callTrigger(request, routed, target, gate);
                }
            }
            case DENIED -> refuseCredentials(request, gate);
            case TENANT_TOKEN -> checkTenant(request, TenantCredentials.Scheme.BEARER, namespace, instance,
                    "HttpTrigger " + routed.route().trigger(), gate.challenge(false), answerHeaders, false, () -> {
                        if (admitQuota(request, namespace, instance, answerHeaders)) {
                            callTrigger(request, routed, target, gate);
                        }
                    });
            case CHECK_SLOWLY -> {
                held = true;
                gate.checkSlowly().whenComplete((allowed, failure) -> onLoop(() -> {
                    held = false;
                    if (!ctx.channel().isActive()) {
                        request.release();
                    } else if (failure != null) {
                        // the bounded queue of credential checks is full: a flood of new credentials
                        answer(request, GatewayProblem.RATE_LIMITED, "Too many credential checks at once; try again",
                                instance, headers -> gate.addRetryAfter(headers, 1, answerHeaders));
                    } else if (allowed) {
                        if (admitQuota(request, namespace, instance, answerHeaders)) {
                            callTrigger(request, routed, target, gate);
                        }
                    } else {
                        refuseCredentials(request, gate);
                    }
                }, request::release));
            }
        }
    }

    private void refuseCredentials(FullHttpRequest request, TriggerGate gate) {
        answer(request, GatewayProblem.UNAUTHORIZED, gate.credentialRefusal(), gate.instance(),
                gate::addChallenge);
    }

    private void answerPreflight(TriggerGate gate) {
        FullHttpResponse response = new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                HttpResponseStatus.NO_CONTENT, ctx.alloc().buffer(0));
        gate.preflight(response.headers());
        if (draining) {
            HttpUtil.setKeepAlive(response, false);
        }
        ctx.writeAndFlush(response);
    }

    private void callTrigger(FullHttpRequest request, RoutedTrigger routed, RequestTarget target, TriggerGate gate) {
        String function = routed.route().function();
        String namespace = routed.route().namespace();
        Consumer<HttpHeaders> answerHeaders = gate.answerHeaders();
        if (function == null) {
            answer(request, GatewayProblem.FUNCTION_NOT_FOUND, "HttpTrigger " + routed.route().trigger()
                    + " names no single function (see its status)", gate.instance(), answerHeaders);
            return;
        }
        FunctionPath path = new FunctionPath(namespace, function, routed.route().upstreamUri(target.path(),
                target.query()));
        Optional<FunctionRoute> found;
        try {
            found = context.functions().route(namespace, function);
        } catch (RuntimeException e) {
            log.warn("Cannot resolve function {}", path.instance(), e);
            answer(request, GatewayProblem.INTERNAL_ERROR, "Cannot resolve the function's replicas", path.instance(),
                    answerHeaders);
            return;
        }
        if (found.isEmpty()) {
            answer(request, GatewayProblem.FUNCTION_NOT_FOUND, "HttpTrigger " + routed.route().trigger()
                    + " calls function " + function + ", which does not exist in namespace " + namespace,
                    path.instance(), answerHeaders);
        } else {
            // a trigger that checks credentials keeps them from the function, whatever the function asks for
            callFunction(request, path, found.get(), !gate.authRequired(), answerHeaders, routed.calls());
        }
    }

    /**
     * Calls an existing function: at once when a ready replica has a free place (below the function's
     * containerConcurrency, {@link ReplicaSlots}); when the function is scaled to zero or starting, or every replica is
     * at its cap, the call is held (a bounded queue per function) until it gets a place, and counts as load all along:
     * the autoscaler adds replicas for held calls, and does not take the function back to zero under them.
     *
     * @param credentialsAllowed whether the caller's credentials may reach the function when it asks for them
     * @param routeHeaders       headers every answer gets (a trigger's CORS), or null
     * @param triggerCalls       the routing trigger's call record, or null
     */
    private void callFunction(FullHttpRequest request, FunctionPath path, FunctionRoute route,
            boolean credentialsAllowed, Consumer<HttpHeaders> routeHeaders, TriggerCalls triggerCalls) {
        long dispatched = System.nanoTime();
        FunctionLoad load = route.load();
        if (route.ready()) {
            ReplicaSlots.Lease place = load.slots().tryAcquire(route);
            if (place != null) {
                load.begin();
                forward(request, path, place, load, credentialsAllowed, ColdStartHeaders.warm(routeHeaders),
                        triggerCalls, dispatched, -1);
                return;
            }
        } else if (!route.wakeable()) {
            recordRefused(path, GatewayProblem.FUNCTION_NOT_READY, dispatched, -1);
            answer(request, GatewayProblem.FUNCTION_NOT_READY, notReadyDetail(route), path.instance(), routeHeaders);
            return;
        }
        boolean cold = !route.ready();
        String function = path.namespace() + "/" + path.function();
        WakeQueues queues = context.wakeQueues();
        if (!queues.enter(function)) {
            GatewayProblem problem = cold ? GatewayProblem.FUNCTION_NOT_READY : GatewayProblem.FUNCTION_BUSY;
            recordRefused(path, problem, dispatched, -1);
            answer(request, problem, queues.capacity() + " calls already wait for " + function
                    + (cold ? " to wake" : ", whose every replica has " + route.containerConcurrency()
                            + " calls (its containerConcurrency)") + "; try again shortly", path.instance(),
                    headers -> withRoute(headers.set(HttpHeaderNames.RETRY_AFTER, "1"), routeHeaders));
            return;
        }
        held = true;
        load.begin();
        long heldSince = dispatched;
        pendingPlace = ReplicaSlots.place(context.functions(), route, context.wakeTimeout());
        pendingPlace.whenComplete((place, failure) -> onLoop(() -> {
            queues.leave(function);
            held = false;
            pendingPlace = null;
            if (!ctx.channel().isActive()) {
                if (place != null) {
                    place.release();
                }
                load.end();
                request.release();
            } else if (failure != null) {
                load.end();
                Throwable cause = unwrap(failure);
                boolean busy = cause instanceof ReplicaSlots.BusyException;
                GatewayProblem problem = busy ? GatewayProblem.FUNCTION_BUSY : GatewayProblem.FUNCTION_NOT_READY;
                String detail = busy ? "Function " + function + " is at capacity: " + cause.getMessage()
                        : "No replica became ready: " + describe(cause);
                if (triggerCalls != null) {
                    triggerCalls.failed(problem.status().code(), detail);
                }
                recordRefused(path, problem, heldSince, System.nanoTime() - heldSince);
                answer(request, problem, detail, path.instance(), !busy ? routeHeaders
                        : headers -> withRoute(headers.set(HttpHeaderNames.RETRY_AFTER, "1"), routeHeaders));
            } else {
                long heldNanos = System.nanoTime() - heldSince;
                forward(request, path, place, load, credentialsAllowed,
                        cold ? ColdStartHeaders.cold(routeHeaders, heldNanos, place.route().lastStart())
                                : ColdStartHeaders.queued(routeHeaders, heldNanos),
                        triggerCalls, heldSince, cold ? heldNanos : -1);
            }
        }, () -> {
            queues.leave(function);
            if (place != null) {
                place.release();
            }
            load.end();
            request.release();
        }));
    }

    /** Runs {@code task} on this connection's event loop; {@code gone} when the loop no longer takes tasks. */
    private void onLoop(Runnable task, Runnable gone) {
        try {
            ctx.executor().execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            gone.run();
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** An existing function's call the gateway answered 503 itself: an error in the function's metrics. */
    private void recordRefused(FunctionPath path, GatewayProblem problem, long dispatchedNanos, long heldNanos) {
        context.calls().record(path.namespace(), path.function(), problem.status().code(),
                System.nanoTime() - dispatchedNanos, heldNanos);
    }

    /**
     * The function's load is begun and the call's place taken by the caller; the call ends both.
     * {@code dispatchedNanos} and {@code heldNanos} (woken; {@code -1}: warm) are for the function's metrics.
     */
    private void forward(FullHttpRequest request, FunctionPath path, ReplicaSlots.Lease place, FunctionLoad load,
            boolean credentialsAllowed, ColdStartHeaders answerHeaders, TriggerCalls triggerCalls,
            long dispatchedNanos, long heldNanos) {
        FunctionRoute route = place.route();
        UpstreamPool.Replica replica = loop.upstreams().replica(place.endpoint());
        boolean clientHttp11 = request.protocolVersion().minorVersion() >= 1;
        context.requestHeaders().prepare(request, path.upstreamUri(), replica.hostHeader(), clientAddress,
                credentialsAllowed && route.forwardCredentials());
        call = new ProxyCall(this, ctx, request, loop.upstreams(), replica, path, clientHttp11, answerHeaders, load,
                place, triggerCalls);
        call.measure(context.calls(), dispatchedNanos, heldNanos);
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

    /** An answer of the gateway to a routed call, with the route's headers (CORS, Allow, WWW-Authenticate …). */
    private void answer(FullHttpRequest request, GatewayProblem problem, String detail, String instance,
            Consumer<HttpHeaders> headers) {
        request.release();
        writeProblem(problem, detail, instance, true, headers);
        callEnded();
    }

    void writeProblem(GatewayProblem problem, String detail, String instance, boolean keepAlive) {
        writeProblem(problem, detail, instance, keepAlive, null);
    }

    void writeProblem(GatewayProblem problem, String detail, String instance, boolean keepAlive,
            Consumer<HttpHeaders> headers) {
        FullHttpResponse response = problem.toResponse(ctx.alloc(), detail, instance);
        if (headers != null) {
            headers.accept(response.headers());
        }
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
            if (idle()) {
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (pendingPlace != null) {
            pendingPlace.cancel(false); // a held call whose caller left takes no place (and frees its queue spot)
        }
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
