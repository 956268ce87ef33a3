"""Timeouts (408, runaway calls and /healthz) and the /metrics the calls leave behind."""
import time

from support import ServerTestCase, wait_until

BUCKETS = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"]
PROBE = {"MOD_NAME": "probe", "FUNC_HANDLER": "handler"}


class TimeoutTest(ServerTestCase):

    def test_a_call_past_the_timeout_answers_408_and_healthz_is_503_while_it_runs(self):
        server = self.start_server("probe.py", env=dict(PROBE, FUNC_TIMEOUT="0.5", NUBO_INSTANCE_ID="i-1"))
        started = time.monotonic()
        reply = server.request("GET", "/hang")
        took = time.monotonic() - started
        self.assertReply(reply, 408, "Timeout exceeded", "text/plain; charset=utf-8")
        self.assertTrue(0.45 <= took < 5, "408 after %.2f s with FUNC_TIMEOUT=0.5" % took)

        health = server.request("GET", "/healthz")
        self.assertReply(health, 503, "unhealthy: 1 timed-out call still running")
        self.assertEqual("i-1", health.headers.get("nubo-instance"))
        self.assertReply(server.request("GET", "/hello"), 200, "hello world")

        self.assertReply(server.request("GET", "/release"), 200, "released")
        wait_until(lambda: server.request("GET", "/healthz").status == 200, message="/healthz to recover")

    def test_context_timeout_and_function_name_default_to_func_timeout_and_mod_name(self):
        server = self.start_server("probe.py", env=dict(PROBE, FUNC_TIMEOUT="0.5"))
        context = server.request("GET", "/event").json()["context"]
        self.assertEqual(("0.5", "probe", ""), (context["timeout"], context["function-name"], context["memory-limit"]))

    def test_sigterm_exits_0_even_with_a_runaway_call(self):
        server = self.start_server("probe.py", env=dict(PROBE, FUNC_TIMEOUT="0.3"))
        self.assertEqual(408, server.request("GET", "/hang").status)
        self.assertEqual(0, server.terminate(seconds=5))


class MetricsTest(ServerTestCase):

    def setUp(self):
        super().setUp()
        self.server = self.start_server("probe.py", env=dict(PROBE, FUNC_TIMEOUT="0.3"))

    def test_no_method_is_listed_before_the_first_call(self):
        text = self.server.request("GET", "/metrics").text
        self.assertEqual([
            "# HELP function_calls_total Number of calls to the function.",
            "# TYPE function_calls_total counter",
            "# HELP function_failures_total Number of calls that failed (status 500 or 408).",
            "# TYPE function_failures_total counter",
            "# HELP function_duration_seconds Duration of calls to the function.",
            "# TYPE function_duration_seconds histogram",
        ], text.splitlines())

    def test_calls_failures_and_durations_are_counted_per_method(self):
        call = self.server.request
        for _ in range(3):
            call("GET", "/hello")
            call("GET", "/healthz")
            call("GET", "/metrics")
        call("GET", "/sleep?s=0.04")
        call("POST", "/fail", "x")
        call("PUT", "/hang")
        call("POST", "/echo", "{", {"Content-Type": "application/json"})  # 400: the handler is not called
        call("GET", "/release")
        reply = call("GET", "/metrics")
        self.assertEqual("text/plain; version=0.0.4; charset=utf-8", reply.headers["content-type"])

        metrics = self.server.metrics()
        self.assertEqual(
            {"GET": 5, "POST": 1, "PUT": 1},
            {m: v for (name, m, le), v in metrics.items() if name == "function_calls_total"})
        self.assertEqual(
            {"GET": 0, "POST": 1, "PUT": 1},
            {m: v for (name, m, le), v in metrics.items() if name == "function_failures_total"})
        get_buckets = [metrics[("function_duration_seconds_bucket", "GET", le)] for le in BUCKETS]
        self.assertEqual(get_buckets, sorted(get_buckets), "cumulative")
        self.assertEqual(5, metrics[("function_duration_seconds_count", "GET", None)])
        self.assertEqual(5, get_buckets[-1])
        self.assertLessEqual(get_buckets[BUCKETS.index("0.025")], 4, "the 0.04 s call is in no bucket up to 0.025")
        self.assertGreaterEqual(metrics[("function_duration_seconds_sum", "GET", None)], 0.04)
        put_buckets = [metrics[("function_duration_seconds_bucket", "PUT", le)] for le in BUCKETS]
        self.assertEqual([0] * 6, put_buckets[:6], "the 0.3 s timeout is in no bucket up to 0.25")
        self.assertEqual(1, put_buckets[-1])

    def test_every_sample_line_has_the_contract_form(self):
        self.server.request("PATCH", "/hello")
        lines = [l for l in self.server.request("GET", "/metrics").text.splitlines() if not l.startswith("#")]
        self.assertEqual(['function_calls_total{method="PATCH"} 1', 'function_failures_total{method="PATCH"} 0'],
                         lines[:2])
        buckets = lines[2:-2]
        self.assertEqual(['function_duration_seconds_bucket{method="PATCH",le="%s"}' % le for le in BUCKETS],
                         [line.rsplit(" ", 1)[0] for line in buckets])
        self.assertEqual('function_duration_seconds_bucket{method="PATCH",le="+Inf"} 1', buckets[-1])
        self.assertRegex(lines[-2], r'^function_duration_seconds_sum\{method="PATCH"\} \d+\.\d+(e-\d+)?$')
        self.assertEqual('function_duration_seconds_count{method="PATCH"} 1', lines[-1])
