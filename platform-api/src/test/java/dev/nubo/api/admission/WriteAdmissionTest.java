package dev.nubo.api.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.FilterChain;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The admission filter with real threads: Spring's servlet request and response fixtures stand in for Tomcat's. */
class WriteAdmissionTest {

    private static MockHttpServletRequest request(String method, String path, String body) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        if (body != null) {
            request.setContent(body.getBytes(StandardCharsets.UTF_8));
            request.setContentType("application/json");
        }
        return request;
    }

    @Test
    void aWriteWaitsForItsTurnAndOneThatWaitsTooLongIsTurnedAwayWithoutReachingTheApi() throws Exception {
        WriteAdmission admission = new WriteAdmission(1, Duration.ofSeconds(1), 1);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            try {
                admission.doFilter(request("POST", "/api/v1/namespaces/default/functions", "{}"),
                        new MockHttpServletResponse(), (req, res) -> {
                            holding.countDown();
                            try {
                                release.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

        MockHttpServletResponse turnedAway = new MockHttpServletResponse();
        boolean[] reached = {false};
        admission.doFilter(request("PUT", "/api/v1/namespaces/default/functions/f", "{}"), turnedAway,
                (req, res) -> reached[0] = true);

        assertThat(reached[0]).as("the second write never reached the API").isFalse();
        assertThat(turnedAway.getStatus()).isEqualTo(503);
        assertThat(turnedAway.getHeader("Retry-After")).isEqualTo("1");
        assertThat(turnedAway.getContentAsString()).contains("\"code\":\"API_BUSY\"", "nothing was changed");

        // while the turn is held: reads and function calls are not held at all
        for (MockHttpServletRequest free : new MockHttpServletRequest[] {
                request("GET", "/api/v1/namespaces/default/functions/f", null),
                request("POST", "/api/v1/namespaces/default/functions/f/invoke", "x")}) {
            boolean[] passed = {false};
            admission.doFilter(free, new MockHttpServletResponse(), (req, res) -> passed[0] = true);
            assertThat(passed[0]).as(free.getMethod() + " " + free.getRequestURI()).isTrue();
        }

        assertThat(admission.writesWaiting()).as("a held turn alone is no flood").isFalse();

        // a write that arrives while the turn is held gets it once the first is done; meanwhile it tells the platform
        // that writes wait (replica starts are spaced out then)
        AtomicReference<Boolean> later = new AtomicReference<>(false);
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                admission.doFilter(request("DELETE", "/api/v1/namespaces/default/functions/f", null),
                        new MockHttpServletResponse(), (req, res) -> later.set(true));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, task -> Thread.ofPlatform().start(task)); // not the common pool: on 2 cores its one thread holds the first
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5)).until(admission::writesWaiting);
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        waiting.get(10, TimeUnit.SECONDS);
        assertThat(later.get()).isTrue();
        assertThat(admission.writesWaiting()).isFalse();
    }

    @Test
    void theApiReadsTheSameBodyTheFilterReadAhead() throws Exception {
        WriteAdmission admission = new WriteAdmission(2, Duration.ofSeconds(1), 1);
        String body = "{\"metadata\":{\"name\":\"f\"},\"spec\":{\"runtime\":\"python3.11\",\"note\":\"é\"}}";
        AtomicReference<String> seen = new AtomicReference<>();
        AtomicReference<String> seenAsText = new AtomicReference<>();
        FilterChain chain = (req, res) -> seen.set(new String(req.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8));

        admission.doFilter(request("POST", "/api/v1/namespaces/default/functions", body), new MockHttpServletResponse(),
                chain);
        MockHttpServletRequest text = request("POST", "/api/v1/namespaces/default/secrets", body);
        text.setCharacterEncoding("UTF-8");
        admission.doFilter(text, new MockHttpServletResponse(),
                (req, res) -> seenAsText.set(req.getReader().readLine()));

        assertThat(seen.get()).isEqualTo(body);
        assertThat(seenAsText.get()).isEqualTo(body);
    }

    @Test
    void aTurnRestsAfterItsWriteAnsweredAndTheNextWriteGetsItOnlyThen() throws Exception {
        WriteAdmission admission = new WriteAdmission(1, Duration.ofSeconds(10), 0.5);

        admission.doFilter(request("POST", "/api/v1/namespaces/default/functions", "{}"), new MockHttpServletResponse(),
                (req, res) -> busyFor(Duration.ofMillis(60)));
        long firstAnswered = System.nanoTime();
        long[] secondStarted = {0};
        admission.doFilter(request("PUT", "/api/v1/namespaces/default/functions/f", "{}"),
                new MockHttpServletResponse(), (req, res) -> secondStarted[0] = System.nanoTime());

        assertThat(Duration.ofNanos(secondStarted[0] - firstAnswered))
                .as("at share 0.5 the turn rests as long as the 60 ms write took, after its answer")
                .isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    @Test
    void aWriteThatCannotWaitOutTheRestIsTurnedAwayAndWithTheWholeShareThereIsNoRest() throws Exception {
        for (double share : new double[] {0.5, 1}) {
            WriteAdmission admission = new WriteAdmission(1, Duration.ofMillis(1), share);
            admission.doFilter(request("POST", "/api/v1/namespaces/default/functions", "{}"),
                    new MockHttpServletResponse(), (req, res) -> busyFor(Duration.ofMillis(60)));
            MockHttpServletResponse next = new MockHttpServletResponse();
            admission.doFilter(request("DELETE", "/api/v1/namespaces/default/functions/f", null), next,
                    (req, res) -> { });
            assertThat(next.getStatus()).as("share " + share).isEqualTo(share < 1 ? 503 : 200);
        }
    }

    /** A write that keeps its turn busy (CPU, as a create does) for at least this long. */
    private static void busyFor(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
