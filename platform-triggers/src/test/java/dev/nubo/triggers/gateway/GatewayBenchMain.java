package dev.nubo.triggers.gateway;

import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.metrics.CallRecorder;
import dev.nubo.core.metrics.InMemoryFunctionMetrics;
import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.trigger.HttpTrigger;
import dev.nubo.core.trigger.HttpTriggerSecrets;
import dev.nubo.core.trigger.HttpTriggerSpec;
import dev.nubo.core.trigger.HttpTriggerSpec.BearerToken;
import dev.nubo.core.trigger.HttpTriggerSpec.HttpAuth;
import dev.nubo.triggers.http.HttpRoutePlan;
import dev.nubo.triggers.http.HttpRouteTable;
import dev.nubo.triggers.http.RouteGuards;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * The gateway alone with fixed routes, for {@code bench/gateway/run.sh}.
 *
 * <p>Arguments: {@code port ns/fn=host:port ...} and optional {@code --key=value} gateway settings, e.g.
 * {@code 18081 bench/py=127.0.0.1:18090 --io-threads=2}. Stops on SIGTERM.
 *
 * <p>Each function {@code ns/fn} is also routed by two HttpTriggers: {@code /routed/fn} (auth none) and
 * {@code /bearer/fn} (bearer auth, token {@link #BEARER_TOKEN}), so routed calls are measured beside direct ones.
 */
public final class GatewayBenchMain {

    /** The token of the {@code /bearer/...} routes (wrk sends it). */
    public static final String BEARER_TOKEN = "nubo-bench-token-0123456789abcdef";

    private GatewayBenchMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        StaticFunctionEndpoints functions = new StaticFunctionEndpoints();
        List<HttpTrigger> triggers = new ArrayList<>();
        Map<String, String> settings = new HashMap<>();
        settings.put("port", args[0]);
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                String[] setting = args[i].substring(2).split("=", 2);
                settings.put(setting[0], setting[1]);
            } else {
                addFunction(functions, triggers, args[i]);
            }
        }
        HttpRoutePlan plan = HttpRoutePlan.of(triggers, (ns, spec) -> List.of(spec.function()));
        HttpRouteTable routes = RouteGuards.table(plan, HttpRouteTable.EMPTY,
                Executors.newVirtualThreadPerTaskExecutor());
        // --metrics=on: every call recorded as in standalone (history + Prometheus meters), for bench/metrics
        boolean metrics = "on".equals(settings.remove("metrics"));
        CallRecorder calls = metrics ? new InMemoryFunctionMetrics(Clock.systemUTC(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), 5000) : CallRecorder.NONE;
        FunctionGateway gateway = GatewayFixture.gateway(functions).settings(settings).routes(() -> routes)
                .calls(calls).build();
        gateway.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.stop();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static void addFunction(StaticFunctionEndpoints functions, List<HttpTrigger> triggers, String spec) {
        String[] nameAndTarget = spec.split("=", 2);
        String[] name = nameAndTarget[0].split("/", 2);
        String[] target = nameAndTarget[1].split(":", 2);
        functions.ready(name[0], name[1], Duration.ofSeconds(30),
                new Endpoint(target[0], Integer.parseInt(target[1])));
        triggers.add(trigger(name[0], "routed-" + name[1], "/routed/" + name[1], name[1], HttpAuth.none()));
        triggers.add(trigger(name[0], "bearer-" + name[1], "/bearer/" + name[1], name[1], new HttpAuth(
                HttpAuth.BEARER, List.of(), List.of(new BearerToken("bench", BEARER_TOKEN, null)))));
    }

    private static HttpTrigger trigger(String namespace, String name, String path, String function, HttpAuth auth) {
        HttpTriggerSpec spec = new HttpTriggerSpec(function, null, null, path, null, null, auth, null, null, null);
        return HttpTrigger.of(new ObjectMeta(name, namespace, Map.of(), name, 1L, "1", Instant.EPOCH),
                new HttpTriggerSecrets().hash(spec.withDefaults()));
    }
}
