"""The shared conformance fixture (runtime-images/conformance/README.md) behaves as described there."""
import json
import os

from support import CONFORMANCE_DIR, RUNTIME_ID, ServerTestCase


class ConformanceFixtureTest(ServerTestCase):

    def test_every_path_of_the_fixture(self):
        server = self.start_server(os.path.join(CONFORMANCE_DIR, "conformance.py"), env={
            "MOD_NAME": "conformance", "FUNC_HANDLER": "handler", "FUNC_TIMEOUT": "0.5", "FUNC_NAME": "fixture",
            "FUNC_MEMORY_LIMIT": "128Mi", "CONFORMANCE_GREETING": "hi"})
        call = server.request
        self.assertReply(call("GET", "/hello"), 200, "hello world", "text/plain; charset=utf-8")
        self.assertEqual({"k": [1]}, call("POST", "/echo", '{"k": [1]}', {"Content-Type": "application/json"}).json())
        self.assertReply(call("POST", "/echo", "plain"), 200, "plain")
        self.assertReply(call("GET", "/json"), 200, '{"a":1,"b":[true,null,"x"]}', "application/json")
        self.assertReply(call("GET", "/bytes"), 200, b"\x00\x01\x02", "application/octet-stream")
        self.assertReply(call("GET", "/none"), 200, b"")
        self.assertReply(call("GET", "/fail"), 500, "Error: boom")
        self.assertReply(call("GET", "/hang"), 408, "Timeout exceeded")
        self.assertReply(call("POST", "/size", "abcde"), 200, "5")
        self.assertReply(call("GET", "/env"), 200, "hi")
        self.assertReply(call("GET", "/elsewhere"), 200, "unknown path")

        described = call("PATCH", "/describe/more", "[1]", {"Content-Type": "application/json", "ce-id": "c-1",
                                                             "event-type": "t", "ce-source": "/s"}).json()
        time = described.pop("eventTime")
        self.assertEqual({"eventId": "c-1", "eventType": "t", "eventNamespace": "/s", "functionName": "fixture",
                          "timeout": "0.5", "runtime": RUNTIME_ID, "memoryLimit": "128Mi", "method": "PATCH",
                          "path": "/describe/more", "dataType": "array"}, described)
        self.assertTrue(time.endswith("Z"), time)
        data_types = {"{}": "object", "3.5": "number", "true": "boolean", "null": "null", '"s"': "string"}
        for body, data_type in data_types.items():
            reply = call("POST", "/describe", body, {"Content-Type": "application/json"})
            self.assertEqual(data_type, json.loads(reply.body)["dataType"], body)
