"""Calls to a specialized server: what the function sees and what the caller gets back."""
import datetime
import json
import re
import socket
import threading
import time
import uuid

from support import ServerTestCase, wait_until, RUNTIME_ID

MAX_BODY = 6 * 1024 * 1024
TEXT = "text/plain; charset=utf-8"
JSON = "application/json"


class CallsTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        cls.server = cls.start_class_server("probe.py", env={
            "MOD_NAME": "probe", "FUNC_HANDLER": "handler", "FUNC_NAME": "probe-fn", "FUNC_TIMEOUT": "30",
            "FUNC_MEMORY_LIMIT": "128Mi", "NUBO_INSTANCE_ID": "instance-7", "NUBO_MAX_BODY_BYTES": str(MAX_BODY)})

    def call(self, method, path, body=None, headers=None):
        return self.server.request(method, path, body, headers)

    def post_json(self, path, document, content_type=JSON):
        return self.call("POST", path, document, {"Content-Type": content_type})

    # ---- return values

    def test_return_values_map_to_status_and_content_type(self):
        expected = {
            "/hello": (TEXT, b"hello world"),
            "/dict": (JSON, '{"greeting":"héllo","n":[1,2]}'.encode("utf-8")),
            "/list": (JSON, b'[1,"two",null]'),
            "/number": (JSON, b"42"),
            "/float": (JSON, b"2.5"),
            "/bool": (JSON, b"true"),
            "/bytes": ("application/octet-stream", b"\x00\x01\xff"),
            "/bytearray": ("application/octet-stream", b"ab"),
            "/none": (None, b""),
        }
        for path, (content_type, body) in expected.items():
            with self.subTest(path):
                self.assertReply(self.call("GET", path), 200, body, content_type)

    def test_exception_answers_500_with_its_message_and_the_trace_goes_to_stderr(self):
        self.assertReply(self.call("GET", "/fail"), 500, "Error: boom", TEXT)
        self.assertReply(self.call("GET", "/hello"), 200, "hello world")
        stderr = wait_until(lambda: "ValueError: boom" in self.server.stderr() and self.server.stderr(),
                            message="the traceback on stderr")
        self.assertIn("Traceback (most recent call last)", stderr)

    def test_sys_exit_and_unserializable_results_answer_500_and_the_server_goes_on(self):
        self.assertReply(self.call("GET", "/exit"), 500, "Error: 3")
        reply = self.call("GET", "/unserializable")
        self.assertEqual(500, reply.status, reply)
        self.assertIn("not JSON serializable", reply.text)
        self.assertReply(self.call("GET", "/hello"), 200, "hello world")

    # ---- request bodies

    def test_json_bodies_are_parsed_for_json_media_types(self):
        for content_type in (JSON, "application/json; charset=utf-8", "application/cloudevents+json",
                             "Application/JSON"):
            with self.subTest(content_type):
                reply = self.post_json("/echo", '{"a": [1, 2.5, null, true]}', content_type)
                self.assertReply(reply, 200, content_type=JSON)
                self.assertEqual({"a": [1, 2.5, None, True]}, reply.json())
        event = self.post_json("/event", "[1]").json()["event"]
        self.assertEqual("list", event["data-type"])

    def test_other_bodies_reach_the_function_as_text(self):
        self.assertReply(self.call("POST", "/echo", "héllo ✓\nline".encode("utf-8"),
                                   {"Content-Type": "text/plain; charset=utf-8"}), 200, "héllo ✓\nline", TEXT)
        self.assertReply(self.call("POST", "/echo", "a=1&b=%20x",
                                   {"Content-Type": "application/x-www-form-urlencoded"}), 200, "a=1&b=%20x")
        self.assertReply(self.call("POST", "/echo", '{"not": "parsed"}'), 200, '{"not": "parsed"}', TEXT)
        event = self.call("GET", "/event").json()["event"]
        self.assertEqual(("", "str"), (event["data"], event["data-type"]))

    def test_invalid_json_answers_400(self):
        self.assertReply(self.post_json("/echo", '{"a": '), 400, "Error: invalid JSON body", TEXT)
        self.assertReply(self.post_json("/echo", b"\xff\xfe{"), 400, "Error: invalid JSON body")

    def test_an_empty_json_body_is_none_as_in_kubeless(self):
        event = self.post_json("/event", "").json()["event"]
        self.assertEqual((None, "NoneType"), (event["data"], event["data-type"]))

    def test_chunked_body_is_read_and_the_connection_stays_usable(self):
        connection = self.server.connect()
        self.addCleanup(connection.close)
        chunks = [b"a" * 70000, b"b" * 3, b"c" * 100000]
        connection.request("POST", "/size", body=iter(chunks), encode_chunked=True,
                           headers={"Content-Type": "text/plain", "Transfer-Encoding": "chunked"})
        self.assertEqual(b"170003", connection.getresponse().read())
        connection.request("POST", "/echo", body=iter([b'{"x":', b" 1}"]), encode_chunked=True,
                           headers={"Content-Type": JSON, "Transfer-Encoding": "chunked"})
        self.assertEqual({"x": 1}, json.loads(connection.getresponse().read()))
        connection.request("GET", "/hello")
        self.assertEqual(b"hello world", connection.getresponse().read())

    def test_a_5_mb_body_is_accepted(self):
        body = b"a" * (5 * 1024 * 1024)
        self.assertReply(self.call("POST", "/size", body, {"Content-Type": "text/plain"}), 200, "5242880")

    def test_a_body_over_the_limit_answers_413(self):
        self.assertReply(self.call("POST", "/size", b"a" * (MAX_BODY + 1), {"Content-Type": "text/plain"}),
                         413, content_type=TEXT)
        chunked = self.server.connect()
        self.addCleanup(chunked.close)
        chunked.request("POST", "/size", body=iter([b"x" * (1024 * 1024)] * 7), encode_chunked=True,
                        headers={"Transfer-Encoding": "chunked"})
        self.assertEqual(413, chunked.getresponse().status)
        self.assertReply(self.call("POST", "/size", b"a" * MAX_BODY), 200, str(MAX_BODY))

    def test_expect_100_continue_over_the_limit_gets_413_without_sending_the_body(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as raw:
            raw.sendall(b"POST /size HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n"
                        % (MAX_BODY + 1))
            self.assertTrue(raw.recv(1024).startswith(b"HTTP/1.1 413 "))

    # ---- methods, event, context, request

    def test_every_method_reaches_the_handler(self):
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"):
            with self.subTest(method):
                reply = self.call(method, "/request/x", "body" if method in ("POST", "PUT", "PATCH") else None)
                self.assertReply(reply, 200, content_type=JSON)
                self.assertEqual((method, "/request/x"), (reply.json()["method"], reply.json()["path"]))

    def test_head_answers_the_headers_of_a_call_without_its_body(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as raw:
            raw.sendall(b"HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n"
                        b"GET /number HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            answers = b"".join(iter(lambda: raw.recv(65536), b""))
        head, rest = answers.split(b"\r\n\r\n", 1)
        self.assertTrue(head.startswith(b"HTTP/1.1 200 "), head)
        self.assertIn(b"\r\nContent-Length: 11\r\n", head + b"\r\n")
        self.assertTrue(rest.startswith(b"HTTP/1.1 200 "), "the next answer follows the HEAD headers: %r" % rest)
        self.assertTrue(rest.endswith(b"\r\n\r\n42"), rest)

    def test_event_fields_come_from_kubeless_headers_in_any_case(self):
        event = self.call("GET", "/event", headers={
            "Event-Id": "k-1", "EVENT-TYPE": "com.example.k", "event-time": "2024-05-06T07:08:09Z",
            "event-namespace": "ns.example"}).json()["event"]
        self.assertEqual(("k-1", "com.example.k", "2024-05-06T07:08:09Z", "ns.example"),
                         (event["event-id"], event["event-type"], event["event-time"], event["event-namespace"]))

    def test_event_fields_come_from_cloudevents_headers_when_kubeless_ones_are_absent(self):
        cloud_events = {"ce-id": "c-1", "ce-type": "com.example.ce", "Ce-Time": "2024-01-02T03:04:05Z",
                        "ce-source": "/sources/ce", "ce-specversion": "1.0"}
        event = self.call("GET", "/event", headers=cloud_events).json()["event"]
        self.assertEqual(("c-1", "com.example.ce", "2024-01-02T03:04:05Z", "/sources/ce"),
                         (event["event-id"], event["event-type"], event["event-time"], event["event-namespace"]))
        both = dict(cloud_events, **{"event-id": "k-1", "event-namespace": "ns.k"})
        event = self.call("GET", "/event", headers=both).json()["event"]
        self.assertEqual(("k-1", "com.example.ce", "ns.k"),
                         (event["event-id"], event["event-type"], event["event-namespace"]))

    def test_event_defaults_are_a_new_uuid_the_arrival_time_and_the_content_type(self):
        before = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=2)
        first = self.call("POST", "/event", "x", {"Content-Type": "text/csv"}).json()["event"]
        second = self.call("GET", "/event").json()["event"]
        after = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=2)
        self.assertEqual(4, uuid.UUID(first["event-id"]).version)
        self.assertNotEqual(first["event-id"], second["event-id"])
        self.assertRegex(first["event-time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        arrival = datetime.datetime.fromisoformat(first["event-time"].replace("Z", "+00:00"))
        self.assertTrue(before <= arrival <= after, first["event-time"])
        self.assertEqual(("text/csv", ""), (first["event-type"], first["event-namespace"]))
        self.assertEqual("", second["event-type"])

    def test_context_comes_from_the_environment(self):
        context = self.call("GET", "/event").json()["context"]
        self.assertEqual({"function-name": "probe-fn", "timeout": "30", "runtime": RUNTIME_ID,
                          "memory-limit": "128Mi"}, context)

    def test_the_request_looks_like_a_bottle_request(self):
        reply = self.call("PUT", "/request/a%20b?a=1&a=2&b=x&empty=", '{"k": "v"}',
                          {"X-Test-Header": "seen", "Content-Type": JSON, "Host": "fn.example"})
        self.assertEqual({
            "method": "PUT", "path": "/request/a b", "url": "http://fn.example/request/a%20b?a=1&a=2&b=x&empty=",
            "query": {"a": "2", "b": "x", "empty": ""}, "query_all_a": ["1", "2"],
            "query_lists": {"a": ["1", "2"], "b": ["x"], "empty": [""]},
            "query_attribute_b": "x", "query_missing": "",
            "header_any_case": "seen", "get_header": "seen",
            "body_read": '{"k": "v"}', "body_read_again": '{"k": "v"}',
            "raw_body_is_bytes": True, "raw_body_length": 10, "json": {"k": "v"},
        }, reply.json())

    # ---- connection, logs, concurrency

    def test_keep_alive_serves_several_calls_on_one_connection_each_with_content_length(self):
        connection = self.server.connect()
        self.addCleanup(connection.close)
        sockets = set()
        for path in ("/hello", "/none", "/fail", "/healthz", "/metrics"):
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            self.assertIsNotNone(response.getheader("Content-Length"), path)
            self.assertFalse(response.will_close, path)
            sockets.add(id(connection.sock))
        self.assertEqual(1, len(sockets))

    def test_each_call_writes_one_log_line_to_stdout(self):
        self.call("DELETE", "/fail/log-line-probe?secret=1")
        line = wait_until(lambda: re.search(r"(?m)^(\S+) DELETE /fail/log-line-probe 500 (\d+)ms$",
                                            self.server.stdout()), message="the log line")
        datetime.datetime.fromisoformat(line.group(1).replace("Z", "+00:00"))
        self.assertEqual(1, self.server.stdout().count("/fail/log-line-probe"))

    def test_what_the_function_prints_reaches_stdout_and_stderr(self):
        self.call("GET", "/speak")
        wait_until(lambda: "function says hi" in self.server.stdout(), message="the function's stdout")
        wait_until(lambda: "function warns" in self.server.stderr(), message="the function's stderr")

    def test_healthz_answers_ok_with_the_instance_id_and_is_not_logged(self):
        reply = self.call("GET", "/healthz")
        self.assertReply(reply, 200, "ok")
        self.assertEqual("instance-7", reply.headers.get("nubo-instance"))
        self.call("GET", "/hello/after-healthz")
        wait_until(lambda: "/hello/after-healthz" in self.server.stdout(), message="the log line")
        self.assertNotIn("/healthz", self.server.stdout())

    def test_50_parallel_calls_run_at_once_and_are_all_answered(self):
        replies = []
        threads = [threading.Thread(target=lambda: replies.append(self.call("GET", "/sleep?s=1")))
                   for _ in range(50)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        elapsed = time.monotonic() - started
        self.assertEqual(["slept"] * 50, [r.text for r in replies if r.status == 200])
        self.assertLess(elapsed, 15, "50 calls of 1 s took %.1f s: they did not run in parallel" % elapsed)
