package dev.nubo.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import dev.nubo.core.endpoint.Endpoint;
import dev.nubo.core.endpoint.FunctionEndpoints;
import dev.nubo.core.endpoint.FunctionRoute;
import dev.nubo.core.function.FunctionSource;
import dev.nubo.core.function.service.FunctionService;
import dev.nubo.core.logs.FunctionLogs;
import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.runtime.RuntimeCatalog;
import dev.nubo.core.testing.FunctionSpecBuilder;
import dev.nubo.core.testing.TestCatalog;

/**
 * The invoke panel against a replica answering over real HTTP (a JDK server standing in for a runtime: it echoes
 * the headers it got, prints a line per call and writes the runtime's access line a little after answering, as a
 * runtime does): request headers and a file as the body reach the function, response headers and a binary answer
 * come back, the log lines of that call are shown, and the last 10 calls can be sent again.
 */
@SpringBootTest(classes = InvokePanelTest.App.class)
@AutoConfigureMockMvc
class InvokePanelTest {

    static {
        for (String property : ConsoleTestApplication.properties()) {
            int eq = property.indexOf('=');
            System.setProperty(property.substring(0, eq), property.substring(eq + 1));
        }
    }

    static HttpServer replica;
    static final LineLog LOG = new LineLog();

    @BeforeAll
    static void startReplica() throws IOException {
        replica = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        replica.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String eventId = exchange.getRequestHeaders().getFirst("event-id");
            LOG.line("echo received " + body.length + " bytes");
            byte[] answer;
            if (path.equals("/json")) {
                answer = "{\"answer\":\"v1\",\"items\":[1,2]}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
            } else if (path.equals("/png")) {
                answer = new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, (byte) 0xff};
                exchange.getResponseHeaders().add("Content-Type", "image/png");
            } else {
                answer = exchange.getRequestHeaders().entrySet().stream()
                        .map(e -> e.getKey().toLowerCase() + "=" + e.getValue().getFirst())
                        .sorted().collect(Collectors.joining("\n")).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain");
            }
            exchange.getResponseHeaders().add("X-Echo", "yes");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
            // the runtime's access line, written after the answer went out (and read by the platform later still)
            CompletableFuture.delayedExecutor(150, TimeUnit.MILLISECONDS).execute(() -> LOG.line(
                    Instant.now() + " " + method + " " + path + " 200 1ms"));
            assertThat(eventId).isNotBlank();
        });
        replica.start();
    }

    @AfterAll
    static void stopReplica() {
        replica.stop(0);
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    FunctionService functions;

    static RequestPostProcessor admin() {
        return user("admin").roles("ADMIN");
    }

    private void echoFunction() {
        if (functions.list("default").stream().noneMatch(f -> f.name().equals("echo"))) {
            functions.create("default", dev.nubo.core.function.Function.of(ObjectMeta.named("default", "echo"),
                    FunctionSpecBuilder.spec("python3.11", "echo.handler",
                            FunctionSource.inline("def handler(e, c): pass\n")).build()));
        }
    }

    @Test
    void headersAndAFileReachTheFunctionAndTheAnswerShowsItsHeadersAndTheLogLinesOfThatCall() throws Exception {
        echoFunction();
        LOG.line("a line from before the call");
        mvc.perform(multipart("/ns/default/functions/echo/invoke")
                        .file(new MockMultipartFile("bodyFile", "data.bin", "application/octet-stream", new byte[] {1, 2, 3, 4, 5}))
                        .with(admin()).with(csrf()).header("HX-Request", "true")
                        .param("method", "PUT").param("path", "/upload").param("contentType", "")
                        .param("headers", "X-Trace: abc-123\n\nX-Tenant: blue").param("body", "ignored"))
                .andExpect(status().isOk())
                .andExpect(result -> assertThat(result.getResponse().getContentAsString()).contains(
                        "x-trace=abc-123", "x-tenant=blue", "content-type=application/octet-stream",
                        "echo received 5 bytes", " PUT /upload 200 1ms",
                        "PUT /upload · file data.bin")
                        .doesNotContain("a line from before the call", "<html")
                        .containsPattern("(?i)<td>x-echo</td><td>yes</td>")
                        .containsPattern("id=\"recent-calls\"[^>]*hx-swap-oob=\"true\""));
    }

    @Test
    void aBinaryAnswerIsOfferedAsADownload() throws Exception {
        echoFunction();
        mvc.perform(multipart("/ns/default/functions/echo/invoke").with(admin()).with(csrf())
                        .header("HX-Request", "true").param("method", "GET").param("path", "/png"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("href=\"data:image/png;base64,iVBORw0KGgoAAP8=\""),
                        containsString("download=\"echo-response.png\""), not(containsString("id=\"invoke-body\"")))));
    }

    @Test
    void aJsonAnswerIsShownPrettyPrinted() throws Exception {
        echoFunction();
        mvc.perform(multipart("/ns/default/functions/echo/invoke").with(admin()).with(csrf())
                        .header("HX-Request", "true").param("method", "GET").param("path", "/json"))
                .andExpect(status().isOk())
                .andExpect(result -> assertThat(result.getResponse().getContentAsString())
                        .contains("<pre id=\"invoke-body\">{\n  &quot;answer&quot; : &quot;v1&quot;,\n  &quot;items&quot; : [ 1, 2 ]\n}</pre>")
                        .doesNotContain("id=\"invoke-download\""));
    }

    @Test
    void aHeaderThatDescribesTheConnectionIsRefusedInThePanel() throws Exception {
        echoFunction();
        mvc.perform(multipart("/ns/default/functions/echo/invoke").with(admin()).with(csrf())
                        .header("HX-Request", "true").param("method", "POST").param("headers", "Host: elsewhere"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("role=\"alert\""),
                        containsString("header Host describes the connection and cannot be set"))));
        mvc.perform(multipart("/ns/default/functions/echo/invoke").with(admin()).with(csrf())
                        .header("HX-Request", "true").param("method", "POST").param("headers", "no colon here"))
                .andExpect(content().string(containsString("is not Name: value")));
    }

    @Test
    void theLastTenCallsAreListedToRunAgainWithoutJavaScript() throws Exception {
        echoFunction();
        MockHttpSession session = new MockHttpSession();
        for (int i = 1; i <= 12; i++) {
            mvc.perform(multipart("/ns/default/functions/echo/invoke").session(session).with(admin()).with(csrf())
                    .param("method", "POST").param("path", "/call-" + i).param("contentType", "text/plain")
                    .param("body", "body " + i)).andExpect(status().isOk());
        }
        String page = mvc.perform(get("/ns/default/functions/echo").session(session).with(admin()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String recent = page.substring(page.indexOf("id=\"recent-calls\""));
        assertThat(recent.split("Run again: ", -1)).hasSize(11);
        assertThat(recent).contains("POST /call-12", "POST /call-3").doesNotContain("POST /call-2<", "POST /call-1<");
        assertThat(recent.indexOf("/call-12")).isLessThan(recent.indexOf("/call-11"));
        // each entry is a form with what was sent: posting it sends the call again
        assertThat(recent).contains("name=\"body\" value=\"body 7\"", "name=\"path\" value=\"/call-7\"");
    }

    /** A function log the platform reads: what the replica prints, handed to followers as it arrives. */
    static final class LineLog implements FunctionLogs {

        private final List<Consumer<String>> followers = new CopyOnWriteArrayList<>();
        private final List<String> written = new java.util.ArrayList<>();

        void line(String line) {
            synchronized (this) {
                written.add(line);
            }
            followers.forEach(f -> f.accept(line));
        }

        @Override
        public synchronized List<String> tail(String namespace, String name, int lines) {
            return List.copyOf(written.subList(Math.max(0, written.size() - lines), written.size()));
        }

        /** The backlog and the start of following happen under one lock: no line falls between them. */
        @Override
        public synchronized Subscription follow(String namespace, String name, int tailLines,
                Consumer<List<String>> backlog, Consumer<String> listener) {
            backlog.accept(tail(namespace, name, tailLines));
            followers.add(listener);
            return () -> followers.remove(listener);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(ConsoleModule.class)
    static class App {

        @Bean
        RuntimeCatalog runtimeCatalog() {
            return TestCatalog.pythonAndNode();
        }

        @Bean
        FunctionLogs functionLogs() {
            return LOG;
        }

        @Bean
        FunctionEndpoints functionEndpoints() {
            return (namespace, name) -> name.equals("echo") ? Optional.of(new FunctionRoute(namespace, name,
                    List.of(new Endpoint("127.0.0.1", replica.getAddress().getPort())), Duration.ofSeconds(5), null,
                    false)) : Optional.empty();
        }
    }
}
