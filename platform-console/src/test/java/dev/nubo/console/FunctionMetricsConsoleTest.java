package dev.nubo.console;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import dev.nubo.core.function.service.FunctionService;
import dev.nubo.core.metrics.CallRecorder;
import dev.nubo.core.testing.TestFunctions;

/** The functions list's calls and errors of the last hour, and the JSON the function page's charts read. */
@SpringBootTest(classes = ConsoleTestApplication.class, properties = {})
@AutoConfigureMockMvc
class FunctionMetricsConsoleTest {

    static {
        for (String property : ConsoleTestApplication.properties()) {
            int eq = property.indexOf('=');
            System.setProperty(property.substring(0, eq), property.substring(eq + 1));
        }
    }

    private static final long MS = 1_000_000;

    @Autowired
    MockMvc mvc;
    @Autowired
    FunctionService functions;
    @Autowired
    CallRecorder calls;

    static RequestPostProcessor admin() {
        return user("admin").roles("ADMIN");
    }

    @Test
    void theListShowsEachFunctionsCallsAndErrorsOfTheLastHour() throws Exception {
        functions.create("default", TestFunctions.hello("default", "counted-fn"));
        for (int i = 0; i < 7; i++) {
            calls.record("default", "counted-fn", i < 2 ? 500 : 200, 3 * MS, -1);
        }

        mvc.perform(get("/ns/default/functions").param("q", "counted-fn").with(admin())).andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Calls (1 h)"),
                        containsString("<td class=\"num calls\">7</td>"),
                        containsString("<td class=\"num errors failed\">2</td>"))));
    }

    @Test
    void theChartsReadTheLastHourMinuteByMinute() throws Exception {
        functions.create("default", TestFunctions.hello("default", "charted-fn"));
        calls.record("default", "charted-fn", 200, 4 * MS, -1);
        calls.record("default", "charted-fn", 503, 40 * MS, 30 * MS);

        mvc.perform(get("/ns/default/functions/charted-fn/metrics").with(admin())).andExpect(status().isOk())
                .andExpect(jsonPath("$.time", hasSize(60)))
                .andExpect(jsonPath("$.calls[59]").value(2))
                .andExpect(jsonPath("$.errors[59]").value(1))
                .andExpect(jsonPath("$.coldStarts[59]").value(1))
                .andExpect(jsonPath("$.p99[59]").value(org.hamcrest.Matchers.closeTo(40.0, 2.5)))
                .andExpect(jsonPath("$.p50[0]").value(nullValue()))
                .andExpect(jsonPath("$.total.calls").value(2))
                .andExpect(jsonPath("$.total.errors").value(1));
        mvc.perform(get("/ns/default/functions/charted-fn").with(admin())).andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("id=\"chart-latency\""),
                        containsString("data-metrics-url=\"/ns/default/functions/charted-fn/metrics\""),
                        containsString("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js"))));
    }

    @Test
    void aFunctionThatDoesNotExistHasNoMetricsAndStrangersNone() throws Exception {
        mvc.perform(get("/ns/default/functions/no-such-fn/metrics").with(admin())).andExpect(status().isNotFound());
        mvc.perform(get("/ns/default/functions/charted-fn/metrics")).andExpect(status().isFound())
                .andExpect(redirectedUrl("/login"));
    }
}
