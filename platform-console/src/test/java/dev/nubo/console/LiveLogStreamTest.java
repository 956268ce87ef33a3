package dev.nubo.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import dev.nubo.core.function.FunctionSource;
import dev.nubo.core.function.service.FunctionService;
import dev.nubo.core.model.ObjectMeta;
import dev.nubo.core.testing.FunctionSpecBuilder;

/**
 * The function page's live log stream: every connect starts with a {@code reset} event carrying the last lines, then
 * one {@code line} event per new line, so a reconnect (the browser's, after a dropped stream) shows each line once.
 * Same application as {@link InvokePanelTest}: its function log is the one the stream follows.
 */
@SpringBootTest(classes = InvokePanelTest.App.class)
@AutoConfigureMockMvc
class LiveLogStreamTest {

    static {
        for (String property : ConsoleTestApplication.properties()) {
            int eq = property.indexOf('=');
            System.setProperty(property.substring(0, eq), property.substring(eq + 1));
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    FunctionService functions;

    @Test
    void everyConnectStartsWithTheLastLinesThenEachNewLineOnce() throws Exception {
        if (functions.list("default").stream().noneMatch(f -> f.name().equals("tailed"))) {
            functions.create("default", dev.nubo.core.function.Function.of(ObjectMeta.named("default", "tailed"),
                    FunctionSpecBuilder.spec("python3.11", "tailed.handler",
                            FunctionSource.inline("def handler(e, c): pass\n")).build()));
        }
        InvokePanelTest.LOG.line("stream-test before <b>connect</b>");

        MvcResult first = connect();
        assertThat(events(first)).startsWith("event:reset\ndata:")
                .contains("<div>stream-test before &lt;b&gt;connect&lt;/b&gt;</div>")
                .doesNotContain("event:line\ndata:<div>stream-test");

        InvokePanelTest.LOG.line("stream-test live");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events(first))
                .contains("event:line\ndata:<div>stream-test live</div>"));

        // the browser reconnects: the reset brings both lines, once each, and nothing is sent twice as a line
        MvcResult again = connect();
        String reconnected = events(again);
        // (other tests' functions write to the same log: only this test's lines are counted)
        assertThat(reconnected).startsWith("event:reset\ndata:").doesNotContain("event:line\ndata:<div>stream-test");
        assertThat(reconnected.split("stream-test live", -1)).hasSize(2);
        assertThat(reconnected.indexOf("stream-test before")).isLessThan(reconnected.indexOf("stream-test live"));
        assertThat(events(first).split("stream-test live", -1)).hasSize(2);
    }

    private MvcResult connect() throws Exception {
        return mvc.perform(get("/ns/default/functions/tailed/logs/stream").with(user("admin").roles("ADMIN")))
                .andExpect(request().asyncStarted()).andReturn();
    }

    private static String events(MvcResult result) throws Exception {
        return result.getResponse().getContentAsString();
    }
}
