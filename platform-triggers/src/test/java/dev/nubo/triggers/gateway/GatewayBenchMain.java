package dev.nubo.triggers.gateway;

import dev.nubo.core.endpoint.Endpoint;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The gateway alone with fixed routes, for {@code bench/gateway/run.sh}.
 *
 * <p>Arguments: {@code port ns/fn=host:port ...} and optional {@code --key=value} gateway settings, e.g.
 * {@code 18081 bench/py=127.0.0.1:18090 --io-threads=2}. Stops on SIGTERM.
 */
public final class GatewayBenchMain {

    private GatewayBenchMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        StaticFunctionEndpoints functions = new StaticFunctionEndpoints();
        Map<String, String> settings = new HashMap<>();
        settings.put("port", args[0]);
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                String[] setting = args[i].substring(2).split("=", 2);
                settings.put(setting[0], setting[1]);
            } else {
                addFunction(functions, args[i]);
            }
        }
        FunctionGateway gateway = new FunctionGateway(GatewayFixture.properties(settings), functions);
        gateway.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.stop();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static void addFunction(StaticFunctionEndpoints functions, String spec) {
        String[] nameAndTarget = spec.split("=", 2);
        String[] name = nameAndTarget[0].split("/", 2);
        String[] target = nameAndTarget[1].split(":", 2);
        functions.ready(name[0], name[1], Duration.ofSeconds(30),
                new Endpoint(target[0], Integer.parseInt(target[1])));
    }
}
