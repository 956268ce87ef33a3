package dev.nubo.core.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ReplicaSlotsTest {

    private static final Endpoint A = new Endpoint("127.0.0.1", 1001);
    private static final Endpoint B = new Endpoint("127.0.0.1", 1002);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final FunctionLoad load = new FunctionLoad();
    private final FunctionEndpoints none = (namespace, name) -> java.util.Optional.empty();

    private FunctionRoute route(int cap, Endpoint... endpoints) {
        return new FunctionRoute("ns", "fn", List.of(endpoints), Duration.ofSeconds(30), null, false, load, false,
                null, cap);
    }

    @Test
    void placesGoToTheLeastLoadedEndpointUpToTheCap() {
        FunctionRoute route = route(2, A, B);
        ReplicaSlots slots = load.slots();

        List<Endpoint> taken = java.util.stream.Stream.generate(() -> slots.tryAcquire(route)).limit(5)
                .map(lease -> lease == null ? null : lease.endpoint()).toList();

        assertThat(taken.subList(0, 4)).containsExactlyInAnyOrder(A, A, B, B);
        assertThat(taken.get(4)).as("both at their cap").isNull();
        assertThat(slots.busy(A)).isEqualTo(2);
    }

    @Test
    void waitingCallsGetFreedPlacesFirstComeFirstServedAndNobodyOvertakesThem() {
        FunctionRoute route = route(1, A);
        ReplicaSlots.Lease holding = ReplicaSlots.place(none, route, WAIT).join();
        CompletableFuture<ReplicaSlots.Lease> first = ReplicaSlots.place(none, route, WAIT);
        CompletableFuture<ReplicaSlots.Lease> second = ReplicaSlots.place(none, route, WAIT);
        assertThat(first).isNotDone();

        holding.release();
        holding.release(); // given back once, however often

        assertThat(first).isCompleted();
        assertThat(second).isNotDone();
        assertThat(load.slots().tryAcquire(route)).as("a new call does not overtake the waiting one").isNull();
        first.join().release();
        assertThat(second.join().endpoint()).isEqualTo(A);
        assertThat(load.slots().busy(A)).isEqualTo(1);
    }

    @Test
    void anAddedReplicaTakesWaitingCallsAtOnce() {
        ReplicaSlots.Lease holding = ReplicaSlots.place(none, route(1, A), WAIT).join();
        CompletableFuture<ReplicaSlots.Lease> waiting = ReplicaSlots.place(none, route(1, A), WAIT);

        load.slots().routeChanged(route(1, A, B));

        assertThat(waiting.join().endpoint()).isEqualTo(B);
        assertThat(holding.endpoint()).isEqualTo(A);
    }

    @Test
    void aCallThatGivesUpLeavesTheLineAndAPlaceHandedToItGoesBack() {
        FunctionRoute route = route(1, A);
        ReplicaSlots.Lease holding = ReplicaSlots.place(none, route, WAIT).join();
        CompletableFuture<ReplicaSlots.Lease> leaving = ReplicaSlots.place(none, route, WAIT);

        leaving.cancel(false);

        assertThat(load.slots().waiting()).isZero();
        holding.release();
        assertThat(load.slots().busy(A)).isZero();
    }

    @Test
    void noPlaceWithinTheWaitFailsBusy() {
        FunctionRoute route = route(1, A);
        ReplicaSlots.place(none, route, WAIT).join();

        CompletableFuture<ReplicaSlots.Lease> waiting = ReplicaSlots.place(none, route, Duration.ofMillis(50));

        assertThatThrownBy(waiting::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(ReplicaSlots.BusyException.class).hasMessageContaining("containerConcurrency");
        assertThat(load.slots().waiting()).isZero();
    }

    @Test
    void withoutACapEveryCallGetsAPlaceAtOnce() {
        FunctionRoute route = route(0, A);
        for (int i = 0; i < 1000; i++) {
            assertThat(load.slots().tryAcquire(route)).isNotNull();
        }
    }

    @Test
    void aFunctionWithoutAReadyReplicaThatIsNotComingFailsNotReady() {
        FunctionRoute route = new FunctionRoute("ns", "fn", List.of(), Duration.ofSeconds(1), "build failed", false);

        assertThatThrownBy(ReplicaSlots.place(none, route, WAIT)::join)
                .hasCauseInstanceOf(FunctionEndpoints.NotReadyException.class).hasMessageContaining("build failed");
    }
}
