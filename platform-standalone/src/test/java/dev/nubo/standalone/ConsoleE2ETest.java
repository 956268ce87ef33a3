package dev.nubo.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in real headless Chromium against the real standalone platform: log in, create a Python function in
 * the editor, watch it become Ready, invoke it, see its log line arrive live, edit the code and see the new answer,
 * upload a zip, create a cron trigger and see it fire, delete. Screenshots of each page go to target/screenshots.
 */
class ConsoleE2ETest {

    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final String V1 = """
            def handler(event, context):
                print("console-log-line", event["data"])
                return {"answer": "v1", "got": event["data"]}
            """;
    private static final String V2 = """
            def handler(event, context):
                return {"answer": "v2"}
            """;

    private static Platform nubo;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        nubo = Platform.shared();
        // Debian's driver, pinned: Selenium Manager never runs (no download, no usage statistics)
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1100", "--user-data-dir=" + Files.createTempDirectory("nubo-chromium"));
        browser = new ChromeDriver(options);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aDeveloperWorksWithAFunctionAndACronTriggerInTheBrowser() throws Exception {
        try {
            walkThrough();
        } catch (Exception | AssertionError e) {
            shot("failure");
            Files.writeString(SHOTS.resolve("failure.html"), browser.getPageSource() + "\n<!-- htmx: "
                    + browser.executeScript("return JSON.stringify(window.__hx || [])") + " -->");
            throw e;
        }
    }

    private void walkThrough() throws Exception {
        // log in
        browser.get(nubo.api("/"));
        waitFor(30).until(ExpectedConditions.urlContains("/login"));
        shot("01-login");
        browser.findElement(By.name("username")).sendKeys("admin");
        browser.findElement(By.name("password")).sendKeys(Platform.PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        waitFor(30).until(ExpectedConditions.urlContains("/ns/default/functions"));
        // the session cookie has the name the gateway refuses to forward to functions
        assertThat(browser.manage().getCookieNamed("NUBO_SESSION")).isNotNull();
        shot("02-functions");

        // create a Python function in the editor
        browser.findElement(By.linkText("New function")).click();
        waitFor(30).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#code-fields .CodeMirror")));
        // inline validation: the API's validator answers beside the field while typing
        WebElement nameField = browser.findElement(By.name("name"));
        nameField.sendKeys("Bad_Name");
        waitFor(30).until(d -> !d.findElement(By.id("err-name")).getText().isBlank());
        nameField.clear();
        nameField.sendKeys("console-hello");
        waitFor(30).until(d -> d.findElement(By.id("err-name")).getText().isBlank());
        new Select(browser.findElement(By.name("runtime"))).selectByValue(pythonRuntime());
        waitFor(30).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#code-fields .CodeMirror")));
        setEditor("#code-fields", V1);
        browser.executeScript("window.__hx = []; ['htmx:afterRequest','htmx:sendError','htmx:responseError',"
                + "'htmx:validation:failed','htmx:syntax:error','htmx:targetError'].forEach(n => document.body"
                + ".addEventListener(n, e => window.__hx.push(n + ' ' + (e.detail.xhr ? e.detail.xhr.status + ' '"
                + " + e.detail.pathInfo.requestPath + ' ' + e.detail.xhr.getResponseHeader('HX-Redirect') : ''))))");
        shot("03-new-function");
        browser.findElement(By.id("create")).click();

        // it becomes Ready on its page (the status panel refreshes itself)
        waitFor(30).until(ExpectedConditions.urlContains("/ns/default/functions/console-hello"));
        waitFor(180).until(ExpectedConditions.textToBe(By.id("phase"), "Ready"));
        shot("04-function-ready");

        // invoke it: the answer, and the log line arriving live over SSE
        invoke("\"from the browser\"");
        waitFor(60).until(ExpectedConditions.textToBePresentInElementLocated(By.id("invoke-body"), "\"v1\""));
        assertThat(browser.findElement(By.id("invoke-status")).getText()).isEqualTo("200");
        waitFor(30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"),
                "console-log-line from the browser"));
        // the panel shows the log lines of that call, and lists it to run again
        assertThat(browser.findElement(By.id("invoke-log")).getText()).contains("console-log-line from the browser");
        assertThat(browser.findElement(By.id("recent-calls")).getText()).contains("POST /");
        shot("05-invoked-with-log");
        // pause holds the lines that arrive until it is switched off
        browser.executeScript("window.__lines = []; document.addEventListener('htmx:sseBeforeMessage',"
                + " e => { if (e.detail.type === 'line') window.__lines.push(e.detail.data); })");
        browser.findElement(By.id("log-pause")).click();
        invoke("\"while paused\"");
        waitFor(60).until(d -> String.valueOf(browser.executeScript("return window.__lines.join('')"))
                .contains("console-log-line while paused"));
        assertThat(browser.findElement(By.id("log")).getText()).doesNotContain("while paused");
        browser.findElement(By.id("log-pause")).click();
        waitFor(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"),
                "console-log-line while paused"));
        // at most 1,000 lines stay in the page: the oldest go as new ones come
        Object kept = browser.executeScript("const log = document.getElementById('log');"
                + " for (let i = 0; i < 1100; i++) { const d = document.createElement('div'); d.textContent = 'filler ' + i;"
                + " log.appendChild(d); }"
                + " document.body.dispatchEvent(new CustomEvent('htmx:sseMessage', {bubbles: true}));"
                + " return [log.childElementCount, log.lastElementChild.textContent, log.firstElementChild.textContent,"
                + " log.scrollHeight - log.clientHeight - log.scrollTop < 2];");
        // ... and follow (on) keeps the newest line in view
        assertThat(kept).isEqualTo(List.of(1000L, "filler 1099", "filler 100", true));
        browser.executeScript("document.getElementById('invoke-status').scrollIntoView()");
        shot("05b-call-log-and-recent-calls");

        // edit the code: save = update; the new generation answers
        setEditor("#edit-form", V2);
        browser.findElement(By.id("save")).click();
        waitFor(30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "generation 2"));
        waitFor(180).until(ExpectedConditions.textToBe(By.id("phase"), "Ready"));
        invoke("\"again\"");
        waitFor(60).until(ExpectedConditions.textToBePresentInElementLocated(By.id("invoke-body"), "\"v2\""));
        shot("06-edited");

        // the charts of the last hour (uPlot) show the calls just made
        browser.navigate().refresh();
        waitFor(30).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-latency canvas")));
        waitFor(30).until(ExpectedConditions.textMatches(By.cssSelector("#metrics .metrics-summary"),
                java.util.regex.Pattern.compile("^[1-9]\\d* calls · 0 errors")));
        browser.executeScript("document.getElementById('metrics').scrollIntoView()");
        shot("06b-metrics");

        // the same page, narrow and dark
        browser.manage().window().setSize(new Dimension(420, 1100));
        browser.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        browser.navigate().refresh();
        waitFor(30).until(ExpectedConditions.textToBe(By.id("phase"), "Ready"));
        browser.executeScript("window.scrollTo(0, 0)");
        // dark, because the system is: the page's background follows prefers-color-scheme
        assertThat(luminance(String.valueOf(browser.executeScript(
                "return getComputedStyle(document.documentElement).backgroundColor")))).isLessThan(60);
        // the header folds its menu behind a toggle instead of wrapping over the page
        assertThat(browser.findElement(By.id("nav-menu")).isDisplayed()).isFalse();
        shot("07-narrow-dark");
        browser.findElement(By.cssSelector("label[for=nav-toggle]")).click();
        waitFor(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-menu")));
        shot("07a-narrow-menu-open");
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        // the smallest width with the whole menu: links, namespace and logout on one row, nothing on two lines
        browser.manage().window().setSize(new Dimension(1024, 1100));
        browser.navigate().refresh();
        waitFor(30).until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-menu")));
        Object header = browser.executeScript("const top = s => document.querySelector(s).getBoundingClientRect();"
                + " return [top('#nav-menu a').top, top('#ns-pick').top, top('.logout button').top,"
                + " top('.logout button').height, top('#nav-menu a').height];");
        List<?> rows = (List<?>) header;
        double linkTop = ((Number) rows.get(0)).doubleValue();
        assertThat(((Number) rows.get(1)).doubleValue()).as("namespace beside the links").isCloseTo(linkTop, within(24.0));
        assertThat(((Number) rows.get(2)).doubleValue()).as("logout beside the links").isCloseTo(linkTop, within(24.0));
        assertThat(((Number) rows.get(3)).doubleValue()).as("logout on one line").isLessThan(60.0);
        shot("07e-header-1024");
        browser.manage().window().setSize(new Dimension(1280, 1100));

        // an API token for a script: shown once; and the namespace's members with its audit log
        browser.get(nubo.api("/tokens"));
        browser.findElement(By.name("name")).sendKeys("e2e-script");
        browser.findElement(By.cssSelector("input[name=namespaces][value=default]")).click();
        browser.findElement(By.id("create-token")).click();
        waitFor(30).until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token")));
        assertThat(browser.findElement(By.id("new-token")).getAttribute("value")).startsWith("nubo_");
        shot("07c-token-created");
        browser.get(nubo.api("/ns/default/members"));
        waitFor(30).until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit"), "/ns/default/functions"));
        shot("07d-members-audit");

        // upload a zip
        browser.get(nubo.api("/ns/default/functions/new"));
        browser.findElement(By.name("name")).sendKeys("console-zip");
        new Select(browser.findElement(By.name("runtime"))).selectByValue(pythonRuntime());
        waitFor(30).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#code-fields .CodeMirror")));
        browser.findElement(By.id("upload")).sendKeys(zip().toAbsolutePath().toString());
        // the progress bar follows the upload: what it showed is kept across the page change that follows
        browser.executeScript("sessionStorage.removeItem('upload'); const bar = document.getElementById('upload-progress');"
                + " new MutationObserver(() => sessionStorage.setItem('upload', (bar.hidden ? 'hidden ' : '') + bar.value))"
                + ".observe(bar, {attributes: true});");
        browser.findElement(By.id("create")).click();
        waitFor(30).until(ExpectedConditions.urlContains("/ns/default/functions/console-zip"));
        assertThat(browser.executeScript("return sessionStorage.getItem('upload')")).isEqualTo("100");
        waitFor(180).until(ExpectedConditions.textToBe(By.id("phase"), "Ready"));
        invoke("\"zip\"");
        waitFor(60).until(ExpectedConditions.textToBePresentInElementLocated(By.id("invoke-body"), "from a zip"));
        browser.get(nubo.api("/ns/default/functions"));
        waitFor(30).until(ExpectedConditions.textToBe(By.id("badge-console-zip"), "Ready"));
        shot("07b-functions-list");

        // a cron trigger: the next fire times show before saving; then it fires
        browser.get(nubo.api("/ns/default/triggers/crontriggers/new"));
        browser.findElement(By.name("name")).sendKeys("console-tick");
        new Select(browser.findElement(By.name("function"))).selectByValue("console-hello");
        WebElement schedule = browser.findElement(By.id("schedule"));
        schedule.clear();
        schedule.sendKeys("@every 2s");
        waitFor(30).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#preview .next-fires li"), 5));
        waitFor(30).until(d -> !d.findElement(By.cssSelector("#preview .next-fires")).getText().contains(":00:00Z\n"));
        shot("08-cron-preview");
        browser.findElement(By.id("save-trigger")).click();
        waitFor(30).until(ExpectedConditions.urlContains("/ns/default/triggers"));
        waitFor(60).until(ExpectedConditions.textToBePresentInElementLocated(By.id("trigger-console-tick"), "→ 200"));
        shot("09-trigger-fired");

        // delete the trigger and the functions
        browser.findElement(By.cssSelector("#trigger-console-tick button[aria-label='Delete console-tick']")).click();
        browser.switchTo().alert().accept();
        waitFor(30).until(ExpectedConditions.invisibilityOfElementLocated(By.id("trigger-console-tick")));
        for (String name : List.of("console-hello", "console-zip")) {
            browser.get(nubo.api("/ns/default/functions/" + name));
            browser.findElement(By.id("delete")).click();
            browser.switchTo().alert().accept();
            waitFor(30).until(ExpectedConditions.urlMatches(".*/ns/default/functions/?$"));
        }
        shot("10-deleted");
        assertThat(nubo.get("default", "console-hello").status()).isEqualTo(404);
        assertThat(browser.findElement(By.id("main")).getText()).doesNotContain("console-hello");
    }

    private void invoke(String body) {
        WebElement field = browser.findElement(By.cssSelector("#invoke-form textarea[name=body]"));
        field.clear();
        field.sendKeys(body);
        browser.executeScript("var r = document.getElementById('invoke-result'); r.innerHTML = '';");
        browser.findElement(By.id("invoke-button")).click();
    }

    /** Types into the CodeMirror editor inside {@code container} through its API (keystrokes would auto-indent). */
    private void setEditor(String container, String code) {
        ((JavascriptExecutor) browser).executeScript(
                "document.querySelector(arguments[0] + ' .CodeMirror').CodeMirror.setValue(arguments[1]);",
                container, code);
    }

    private String pythonRuntime() {
        return browser.findElements(By.cssSelector("select[name=runtime] option")).stream()
                .map(o -> o.getAttribute("value")).filter(v -> v.startsWith("python")).findFirst().orElseThrow();
    }

    /** 0 (black) to 255 (white), of a CSS rgb()/rgba() colour. */
    private static double luminance(String rgb) {
        String[] parts = rgb.replaceAll("[^0-9.,]", "").split(",");
        return 0.2126 * Double.parseDouble(parts[0]) + 0.7152 * Double.parseDouble(parts[1])
                + 0.0722 * Double.parseDouble(parts[2]);
    }

    private static Path zip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("hello.py"));
            out.write("def handler(event, context):\n    return 'from a zip'\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        Path file = Files.createTempFile("console-upload", ".zip");
        Files.write(file, bytes.toByteArray());
        return file;
    }

    /** Polls until the condition holds; an element htmx swapped out between finding and reading it is looked up again. */
    private WebDriverWait waitFor(int seconds) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    private void shot(String name) throws IOException {
        Files.write(SHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}
