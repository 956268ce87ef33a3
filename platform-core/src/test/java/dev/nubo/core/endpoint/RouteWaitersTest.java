package dev.nubo.core.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

import dev.nubo.core.endpoint.FunctionEndpoints.NotReadyException;

class RouteWaitersTest {

    private final RouteWaiters<String> waiters = new RouteWaiters<>();

    private static FunctionRoute ready() {
        return new FunctionRoute("ns", "fn", List.of(new Endpoint("127.0.0.1", 8080)), Duration.ofSeconds(1), null, false);
    }

    private static FunctionRoute coming() {
        return new FunctionRoute("ns", "fn", List.of(), Duration.ofSeconds(1), "starting", false, null, true);
    }

    private static FunctionRoute failed() {
        return new FunctionRoute("ns", "fn", List.of(), Duration.ofSeconds(1), "the build failed", false, null, false);
    }

    @Test
    void onlyTheFirstWaiterOfAFunctionIsTheOneToWakeIt() {
        assertThat(waiters.await("fn", () -> null).first()).isTrue();
        assertThat(waiters.await("fn", () -> null).first()).isFalse();
        assertThat(waiters.await("other", () -> null).first()).isTrue();
        assertThat(waiters.count("fn")).isEqualTo(2);
    }

    @Test
    void aRoutePublishedWhileJoiningAnswersAtOnce() throws Exception {
        FunctionRoute route = ready();
        CompletableFuture<FunctionRoute> waiter = waiters.await("fn", () -> route).ready();

        assertThat(waiter.get()).isSameAs(route);
        assertThat(waiters.count("fn")).isZero();
    }

    @Test
    void aWakeableRouteKeepsCallsWaitingAReadyOneAnswersThemAll() throws Exception {
        CompletableFuture<FunctionRoute> first = waiters.await("fn", () -> null).ready();
        CompletableFuture<FunctionRoute> second = waiters.await("fn", () -> null).ready();

        waiters.routeChanged("fn", coming(), null);
        assertThat(first).isNotDone();
        FunctionRoute route = ready();
        waiters.routeChanged("fn", route, null);

        assertThat(first.get()).isSameAs(route);
        assertThat(second.get()).isSameAs(route);
        assertThat(waiters.functions()).isEmpty();
    }

    @Test
    void aRouteThatCannotBecomeReadyOrNoneFailsTheCallsWithTheReason() {
        CompletableFuture<FunctionRoute> failing = waiters.await("fn", () -> null).ready();
        CompletableFuture<FunctionRoute> deleted = waiters.await("gone", () -> null).ready();

        waiters.routeChanged("fn", failed(), null);
        waiters.routeChanged("gone", null, "function gone was deleted");

        assertThatThrownBy(failing::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(NotReadyException.class).hasMessage("the build failed");
        assertThatThrownBy(deleted::get).cause().hasMessage("function gone was deleted");
    }

    @Test
    void aBoundedWaitSaysWhatItWaitedForAndLeavesTheLine() {
        CompletableFuture<FunctionRoute> waiter = waiters.await("fn", () -> null).ready();

        CompletableFuture<FunctionRoute> bounded = RouteWaiters.bounded(waiter, Duration.ofMillis(50), "starting");

        assertThatThrownBy(bounded::get).cause().isInstanceOf(NotReadyException.class)
                .hasMessage("no replica was ready within 50 ms (starting)");
        await().atMost(Duration.ofSeconds(5)).until(() -> waiters.count("fn") == 0);
    }
}
