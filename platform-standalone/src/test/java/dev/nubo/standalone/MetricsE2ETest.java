package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Calls through the real gateway and the API's invoke show in the console's charts (its JSON) and on
 * {@code /actuator/prometheus}, which a scraper reads without credentials.
 */
class MetricsE2ETest {

    private final Platform nubo = Platform.shared();

    @Test
    void gatewayAndInvokeCallsShowInTheConsoleAndOnPrometheus() throws Exception {
        Http.Response created = nubo.create("default", Http.json(Map.of("metadata", Map.of("name", "metered"),
                "spec", Map.of("runtime", "python3.11", "handler", "main.handler", "source", Map.of("inline", """
                        def handler(event, context):
                            if event["extensions"]["request"].path == "/fail":
                                raise RuntimeError("asked to fail")
                            return "ok"
                        """)))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        nubo.awaitReady("default", "metered");

        for (int i = 0; i < 3; i++) {
            assertThat(nubo.call("GET", "/default/metered/", null, null).status()).isEqualTo(200);
        }
        assertThat(nubo.call("GET", "/default/metered/fail", null, null).status()).isEqualTo(500);
        assertThat(nubo.apiCall("POST", "/api/v1/namespaces/default/functions/metered/invoke", "text/plain", "hi")
                .status()).isEqualTo(200);

        JsonNode charts = consoleJson("/ns/default/functions/metered/metrics");
        assertThat(charts.path("total").path("calls").asLong()).isEqualTo(5);
        assertThat(charts.path("total").path("errors").asLong()).isEqualTo(1);
        // the calls took well under a second, but a minute may have turned while they ran: its last two buckets
        assertThat(Math.max(charts.path("p99").get(58).asDouble(), charts.path("p99").get(59).asDouble()))
                .as("the p99 of the minute the calls were made in").isPositive();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                consoleJson("/ns/default/functions/metered/metrics").path("replicas").get(59).asInt())
                .as("the sampled replicas").isEqualTo(1));

        Http.Response scrape = Http.send("GET", nubo.api("/actuator/prometheus"), null, null);
        assertThat(scrape.status()).isEqualTo(200);
        String labels = "function=\"metered\",namespace=\"default\"";
        assertThat(scrape.body()).contains(
                "nubo_function_calls_total{" + labels + ",status=\"2xx\"} 4.0",
                "nubo_function_calls_total{" + labels + ",status=\"5xx\"} 1.0",
                "nubo_function_errors_total{" + labels + "} 1.0",
                "nubo_function_duration_seconds_count{" + labels + "} 5",
                "nubo_function_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} 5",
                "nubo_function_cold_starts_total{" + labels + "} 0.0",
                "nubo_function_cold_start_duration_seconds_count{" + labels + "} 0",
                "nubo_function_replicas_ready{" + labels + "} 1.0",
                "jvm_memory_used_bytes");
    }

    /** A console page read as a logged-in administrator: the login form's CSRF token, then the session cookie. */
    private JsonNode consoleJson(String path) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String loginPage = browser.send(HttpRequest.newBuilder(URI.create(nubo.api("/login"))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(loginPage);
        assertThat(csrf.find()).as(loginPage).isTrue();
        String form = "username=admin&password=" + URLEncoder.encode(Platform.PASSWORD, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(nubo.api("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).doesNotContain("error"));
        HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(URI.create(nubo.api(path))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return Http.JSON.readTree(answer.body());
    }
}
