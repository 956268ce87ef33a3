package dev.nubo.controller.distributed;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.nubo.core.distributed.DistributedProperties;
import dev.nubo.core.logs.FunctionLogs;
import dev.nubo.core.endpoint.FunctionEndpoints;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the other services ask the controller directly, because only it has it: function logs (its disk), waking a
 * function scaled to zero and the calls they have in flight (its supervisor and autoscaler). Guarded by the shared {@code nubo.distributed.internal-token}.
 */
@RestController
public class InternalEndpoints {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final FunctionLogs logs;
    private final FunctionEndpoints endpoints;
    private final DistributedProperties properties;

    public InternalEndpoints(FunctionLogs logs, FunctionEndpoints endpoints, DistributedProperties properties) {
        this.logs = logs;
        this.endpoints = endpoints;
        this.properties = properties;
    }

    /** The last {@code tail} lines, a JSON array. */
    @GetMapping(path = "/internal/v1/logs/{namespace}/{name}", params = "!follow")
    public ResponseEntity<String> tail(@PathVariable String namespace, @PathVariable String name,
            @RequestParam(defaultValue = "100") int tail,
            @RequestHeader(name = DistributedProperties.TOKEN_HEADER, required = false) String token) {
        authorize(token);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(JSON.writeValueAsString(logs.tail(namespace, name, Math.clamp(tail, 0, 10_000))));
    }

    /**
     * JSON lines: the last {@code tail} lines (an array), then each new line (a string); blank lines as heartbeat.
     * Written on the request's own thread (virtual): a follow holds no platform thread while it waits.
     */
    @GetMapping(path = "/internal/v1/logs/{namespace}/{name}", params = "follow=true")
    public void follow(@PathVariable String namespace, @PathVariable String name,
            @RequestParam(defaultValue = "100") int tail,
            @RequestHeader(name = DistributedProperties.TOKEN_HEADER, required = false) String token,
            HttpServletResponse response) throws IOException {
        authorize(token);
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        response.setContentType("application/x-ndjson");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        OutputStream out = response.getOutputStream();
        try (FunctionLogs.Subscription subscription = logs.follow(namespace, name, Math.clamp(tail, 0, 10_000),
                backlog -> queue.add(JSON.writeValueAsString(backlog)),
                line -> queue.add(JSON.writeValueAsString(line)))) {
            while (true) {
                String next = queue.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                // a blank line keeps the connection and finds a closed one (the write fails)
                out.write(((next == null ? "" : next) + "\n").getBytes(StandardCharsets.UTF_8));
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException closed) {
            // the reader went away
        }
    }

    /** A call waits for the function: a replica is started if it is scaled to zero (202 at once). */
    @PostMapping("/internal/v1/functions/{namespace}/{name}/wake")
    public ResponseEntity<Void> wake(@PathVariable String namespace, @PathVariable String name,
            @RequestHeader(name = DistributedProperties.TOKEN_HEADER, required = false) String token) {
        authorize(token);
        if (endpoints.route(namespace, name).isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        endpoints.awaitReady(namespace, name, Duration.ofSeconds(60)).exceptionally(e -> null);
        return ResponseEntity.accepted().build();
    }

    /** What another service's calls to the controller's functions look like now: {@code POST} by each every poll. */
    public record LoadReport(String reporter, List<FunctionCalls> functions) {
        public record FunctionCalls(String namespace, String name, int inFlight, boolean called) {
        }
    }

    /** Calls in flight in another service (gateway, API), for the autoscaler and the idle timer. */
    @PostMapping("/internal/v1/load")
    public ResponseEntity<Void> load(@RequestBody String body,
            @RequestHeader(name = DistributedProperties.TOKEN_HEADER, required = false) String token) {
        authorize(token);
        LoadReport report = JSON.readValue(body, LoadReport.class);
        if (report.reporter() == null || report.functions() == null) {
            return ResponseEntity.badRequest().build();
        }
        for (LoadReport.FunctionCalls calls : report.functions()) {
            endpoints.route(calls.namespace(), calls.name()).ifPresent(route ->
                    route.load().reportElsewhere(report.reporter(), calls.inFlight(), calls.called()));
        }
        return ResponseEntity.noContent().build();
    }

    private void authorize(String token) {
        if (!properties.admits(token)) {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "missing or wrong " + DistributedProperties.TOKEN_HEADER);
        }
    }

}
