package dev.nubo.triggers.dispatch;

import java.util.concurrent.CompletableFuture;

/**
 * Calls a function with an event on behalf of a trigger (Kafka, cron, NATS …). Never throws and never completes
 * exceptionally: every way a call can end is a {@link CallResult}, so dispatchers decide on retries from one value.
 * A caller that gives up on a call cancels the returned future; the implementation then aborts the exchange.
 */
public interface FunctionCaller {

    CompletableFuture<CallResult> call(String namespace, String function, FunctionEvent event);
}
