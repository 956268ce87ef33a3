package dev.nubo.triggers.cron;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.nubo.triggers.dispatch.CallResult;
import dev.nubo.triggers.dispatch.FunctionCaller;
import dev.nubo.triggers.dispatch.FunctionEvent;

/**
 * A {@link FunctionCaller} whose answers a test decides: at once (200 by default), or held until the test completes
 * them — a slow call without waiting. The HTTP path behind the real caller is covered end to end.
 */
final class ScriptedCaller implements FunctionCaller {

    record Call(String namespace, String function, FunctionEvent event, CompletableFuture<CallResult> result) {

        void answer(CallResult answer) {
            result.complete(answer);
        }
    }

    /** Decides the answer of a call; null holds the call until the test answers it. */
    interface Script {
        CallResult answer(Call call);
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Script script = call -> ok();

    @Override
    public CompletableFuture<CallResult> call(String namespace, String function, FunctionEvent event) {
        Call call = new Call(namespace, function, event, new CompletableFuture<>());
        calls.add(call);
        CallResult answer = script.answer(call);
        if (answer != null) {
            call.answer(answer);
        }
        return call.result();
    }

    void answerWith(Script newScript) {
        script = newScript;
    }

    /** Every call from now on is slow: it runs until the test answers it. */
    void hold() {
        script = call -> null;
    }

    List<Call> callsTo(String function) {
        return calls.stream().filter(c -> c.function().equals(function)).toList();
    }

    static CallResult ok() {
        return answered(200, "ok");
    }

    static CallResult answered(int status, String body) {
        return new CallResult(CallResult.Outcome.ANSWERED, status, Map.of(), body.getBytes(StandardCharsets.UTF_8),
                Duration.ofMillis(3), null);
    }

    static CallResult notReady() {
        return CallResult.failed(CallResult.Outcome.FUNCTION_NOT_READY, Duration.ZERO, "0/1 replicas ready: building");
    }

    static CallResult notFound(String function) {
        return CallResult.failed(CallResult.Outcome.FUNCTION_NOT_FOUND, Duration.ZERO,
                "no function " + function + " in namespace default");
    }
}
