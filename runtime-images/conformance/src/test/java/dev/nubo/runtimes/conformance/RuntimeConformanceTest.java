package dev.nubo.runtimes.conformance;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

import dev.nubo.core.runtime.InstalledRuntime;

/**
 * Holds every bundled runtime to docs/function-contract.md. Each check is named "&lt;runtime id&gt;: &lt;promise&gt;",
 * so a failure says which runtime broke which promise; target/conformance/report.md has the whole matrix.
 */
class RuntimeConformanceTest {

    private static final SuiteSettings SETTINGS = SuiteSettings.fromSystemProperties();
    private static final ConformanceReport REPORT = new ConformanceReport();
    private static final List<RuntimeUnderTest> UNDER_TEST = new CopyOnWriteArrayList<>();

    static {
        // an interrupted build (Ctrl-C, surefire timeout) must not leave runtime servers behind
        Runtime.getRuntime().addShutdownHook(new Thread(() -> UNDER_TEST.forEach(RuntimeUnderTest::close)));
    }

    @TestFactory
    @DisplayName("every bundled runtime keeps the function contract")
    Stream<DynamicNode> everyBundledRuntimeKeepsTheFunctionContract() {
        RuntimeSet runtimes = RuntimeSet.discover(SETTINGS);
        if (runtimes.installed().isEmpty() && runtimes.missing().isEmpty()) {
            return Stream.of(dynamicTest("the bundle holds at least one runtime",
                    () -> fail("no runtime.json under " + runtimes.root())));
        }
        return Stream.concat(
                runtimes.missing().stream().map(RuntimeConformanceTest::languageInstalled),
                runtimes.installed().stream().map(RuntimeConformanceTest::checksOf));
    }

    @AfterAll
    static void stopServersAndWriteReport() {
        UNDER_TEST.forEach(RuntimeUnderTest::close);
        if (!REPORT.isEmpty()) {
            REPORT.writeTo(SETTINGS.workDir().resolve("report.md"));
            System.out.println("\n" + REPORT.markdown());
        }
    }

    /** The checks in order: the main server's, SIGTERM last for it, then the servers of their own. */
    static List<Check> checks(RuntimeUnderTest runtime) {
        return Stream.of(new StartupChecks(runtime), new RequestChecks(runtime), new EventChecks(runtime),
                        new ResponseChecks(runtime), new LoadChecks(runtime), new ObservabilityChecks(runtime),
                        new LifecycleChecks(runtime), new TimeoutChecks(runtime), new BodyLimitChecks(runtime),
                        new SpecializeChecks(runtime), new SourceUrlChecks(runtime))
                .flatMap(group -> group.checks().stream())
                .toList();
    }

    private static DynamicNode checksOf(InstalledRuntime installed) {
        RuntimeUnderTest runtime = new RuntimeUnderTest(installed, SETTINGS, REPORT);
        UNDER_TEST.add(runtime);
        Stream<DynamicNode> tests = checks(runtime).stream().map(check -> checkTest(runtime.id(), check));
        return dynamicContainer(runtime.id(), tests.onClose(runtime::close));
    }

    private static DynamicTest checkTest(String runtimeId, Check check) {
        return dynamicTest(runtimeId + ": " + check.name(), () -> {
            try {
                check.body().execute();
                REPORT.record(runtimeId, check.name(), ConformanceReport.Outcome.PASS, null);
            } catch (TestAbortedException e) {
                REPORT.record(runtimeId, check.name(), ConformanceReport.Outcome.SKIP, e.getMessage());
                throw e;
            } catch (Throwable e) {
                REPORT.record(runtimeId, check.name(), ConformanceReport.Outcome.FAIL, reason(e));
                // whatever the reporter shows, the message names the runtime and the promise it broke
                throw new AssertionError(runtimeId + " broke: " + check.name() + "\n" + reason(e), e);
            }
        });
    }

    /** The assertion that failed: for a wait that timed out, the last failure it saw. */
    private static String reason(Throwable failure) {
        Throwable cause = failure.getCause();
        return failure instanceof ConditionTimeoutException && cause != null
                ? cause.getMessage() + "\n(" + failure.getMessage() + ")" : failure.getMessage();
    }

    private static DynamicTest languageInstalled(String folder) {
        String check = "its language is installed on this machine";
        return dynamicTest(folder + ": " + check, () -> {
            String reason = "runtime-images/" + folder + "/runtime.json: none of its interpreter candidates works here";
            if (SETTINGS.allowMissing()) {
                REPORT.record(folder, check, ConformanceReport.Outcome.SKIP, reason);
                throw new TestAbortedException(reason + " (allowed by -Dnubo.conformance.allowMissing=true)");
            }
            REPORT.record(folder, check, ConformanceReport.Outcome.FAIL, reason);
            fail(reason + "; install it, or run with -Dnubo.conformance.allowMissing=true");
        });
    }
}
