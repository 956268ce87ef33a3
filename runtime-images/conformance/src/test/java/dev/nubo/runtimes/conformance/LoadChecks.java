package dev.nubo.runtimes.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/** Concurrent calls and large or chunked request bodies. */
final class LoadChecks extends CheckGroup {

    static final int PARALLEL_CALLS = 50;
    static final int LARGE_BODY_BYTES = 5 * 1024 * 1024;
    static final int CHUNKED_BODY_BYTES = 300_000;

    LoadChecks(RuntimeUnderTest runtime) {
        super(runtime);
    }

    @Override
    List<Check> checks() {
        return List.of(
                new Check("answers " + PARALLEL_CALLS + " parallel calls, all 200", this::parallelCalls),
                new Check("accepts a 5 MB text body (/size answers " + LARGE_BODY_BYTES + ")", this::largeBody),
                new Check("reads a request body sent with Transfer-Encoding: chunked", this::chunkedBody));
    }

    private void parallelCalls() throws Exception {
        FunctionClient client = client();
        List<CompletableFuture<Reply>> calls = IntStream.range(0, PARALLEL_CALLS)
                .mapToObj(i -> client.sendAsync(client.request("GET", "/hello", BodyPublishers.noBody(),
                        FunctionClient.DEFAULT_TIMEOUT).build()))
                .toList();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        List<Reply> notOk = calls.stream().map(CompletableFuture::join)
                .filter(r -> r.status() != 200 || !r.text().equals("hello world"))
                .toList();
        assertThat(notOk).as("answers other than 200 'hello world'").isEmpty();
    }

    private void largeBody() {
        String body = "a".repeat(LARGE_BODY_BYTES);
        Reply reply = client().send(client().request("POST", "/size", BodyPublishers.ofString(body),
                Duration.ofSeconds(30)).header("Content-Type", "text/plain").build());
        assertBody(reply, Integer.toString(LARGE_BODY_BYTES));
    }

    private void chunkedBody() {
        byte[] body = "b".repeat(CHUNKED_BODY_BYTES).getBytes();
        // a publisher of unknown length makes the client send Transfer-Encoding: chunked
        HttpRequest request = client().request("POST", "/size",
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)), FunctionClient.DEFAULT_TIMEOUT)
                .header("Content-Type", "text/plain").build();
        assertBody(client().send(request), Integer.toString(CHUNKED_BODY_BYTES));
    }
}
