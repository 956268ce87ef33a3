"""Start-up (good, broken and misconfigured functions) and the graceful stop on SIGTERM."""
import signal
import socket
import threading

from support import ServerProcess, ServerTestCase, wait_until

PROBE = {"MOD_NAME": "probe", "FUNC_HANDLER": "handler"}


class StartTest(ServerTestCase):

    def test_a_module_that_fails_to_load_makes_healthz_and_calls_503(self):
        server = self.start_server("broken.py", env={"MOD_NAME": "broken", "FUNC_HANDLER": "handler",
                                                     "NUBO_INSTANCE_ID": "i-9"})
        health = server.request("GET", "/healthz")
        self.assertEqual(503, health.status, health)
        self.assertTrue(health.text.startswith("unhealthy: cannot load broken.handler: RuntimeError: broken"),
                        health.text)
        self.assertEqual("i-9", health.headers.get("nubo-instance"))
        reply = server.request("GET", "/hello")
        self.assertEqual(503, reply.status, reply)
        self.assertTrue(reply.text.startswith("Error: cannot load broken.handler: RuntimeError: broken at import"),
                        reply.text)
        self.assertEqual(409, server.request("POST", "/_nubo/specialize", "{}").status)

    def test_an_invalid_setting_stops_the_start_with_a_message(self):
        server = ServerProcess(self.addCleanup, self.workspace, env=dict(PROBE, FUNC_TIMEOUT="soon"))
        self.assertEqual(2, server.process.wait(10))
        self.assertIn("invalid FUNC_TIMEOUT: 'soon'", server.stderr())

    def test_an_async_handler_is_awaited(self):
        server = self.start_server("asyncprobe.py", env={"MOD_NAME": "asyncprobe", "FUNC_HANDLER": "handler"})
        self.assertReply(server.request("GET", "/"), 200, '{"async":true}', "application/json")

    def test_the_server_logs_where_it_listens(self):
        server = self.start_server("probe.py", env=PROBE)
        self.assertIn("listening on 127.0.0.1:%d (probe.handler)" % server.port, server.stdout())


class StopTest(ServerTestCase):

    def test_sigterm_stops_accepting_finishes_calls_in_flight_and_exits_0(self):
        server = self.start_server("probe.py", env=PROBE)
        replies = []
        in_flight = threading.Thread(target=lambda: replies.append(server.request("GET", "/sleep?s=1.5")))
        in_flight.start()
        self.addCleanup(in_flight.join, 30)
        wait_until(lambda: "sleeping 1.5" in server.stdout(), message="the call to start")

        server.process.send_signal(signal.SIGTERM)
        wait_until(lambda: refuses_connections(server.port), message="the listening socket to close")
        self.assertEqual([], replies, "the call in flight is still running")
        self.assertEqual(0, server.process.wait(15))
        in_flight.join(15)
        self.assertEqual(["slept"], [r.text for r in replies])

    def test_sigterm_on_an_idle_server_exits_0_at_once(self):
        server = self.start_server("probe.py", env=PROBE)
        self.assertEqual(0, server.terminate(seconds=5))


def refuses_connections(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return False
    except (ConnectionRefusedError, ConnectionResetError):  # reset: it reached the backlog as the socket closed
        return True
