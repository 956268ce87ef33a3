"""The warm pool: a server started without a function, handed one by POST /_nubo/specialize."""
import json
import os

from support import ServerTestCase, RUNTIME_ID

TOKEN = {"Nubo-Specialize-Token": "secret"}


class SpecializeTest(ServerTestCase):

    def setUp(self):
        super().setUp()
        self.code_dir = self.workspace.code_dir("probe.py", "broken.py", files={
            "json.py": "def handler(event, context):\n    return 'shadowed'\n"})
        self.deps_dir = self.workspace.empty_dir("deps-")
        self.server = self.start_server(env={"NUBO_SPECIALIZE_TOKEN": "secret", "NUBO_INSTANCE_ID": "pool-1"})

    def specialize(self, body, headers=TOKEN):
        document = body if isinstance(body, (str, bytes)) else json.dumps(body)
        return self.server.request("POST", "/_nubo/specialize", document,
                                   dict(headers, **{"Content-Type": "application/json"}))

    def body(self, **fields):
        body = {"codeDir": self.code_dir, "depsDir": self.deps_dir, "handler": "probe.handler",
                "functionName": "pooled", "timeout": 2.5, "runtime": RUNTIME_ID, "memoryLimit": "64Mi",
                "env": {"GREETING": "hi from env"}}
        body.update(fields)
        return {k: v for k, v in body.items() if v is not None}

    def assertUnspecialized(self):
        self.assertReply(self.server.request("GET", "/healthz"), 200, "ok")
        self.assertReply(self.server.request("POST", "/hello", "x"), 503, "Error: not specialized")

    def test_an_unspecialized_server_is_healthy_and_answers_calls_with_503(self):
        self.assertEqual("pool-1", self.server.request("GET", "/healthz").headers.get("nubo-instance"))
        self.assertUnspecialized()
        self.assertNotIn("function_calls_total{", self.server.request("GET", "/metrics").text)

    def test_specialize_loads_the_function_with_its_env_context_paths_and_dir(self):
        reply = self.specialize(self.body())
        self.assertReply(reply, 200, content_type="application/json")
        self.assertEqual({"specialized": True}, reply.json())

        call = self.server.request
        self.assertReply(call("GET", "/hello"), 200, "hello world")
        self.assertEqual({"at_import": "hi from env", "now": "hi from env"}, call("GET", "/env").json())
        self.assertEqual({"function-name": "pooled", "timeout": "2.5", "runtime": RUNTIME_ID,
                          "memory-limit": "64Mi"}, call("GET", "/event").json()["context"])
        self.assertEqual([self.deps_dir, self.code_dir], call("GET", "/syspath").json())
        self.assertEqual(os.path.realpath(self.code_dir), os.path.realpath(call("GET", "/cwd").text))

    def test_the_timeout_of_the_specialize_request_applies(self):
        self.assertEqual(200, self.specialize(self.body(timeout=0.3)).status)
        self.assertReply(self.server.request("GET", "/hang"), 408, "Timeout exceeded")
        self.server.request("GET", "/release")

    def test_a_second_specialize_answers_409(self):
        self.assertEqual(200, self.specialize(self.body()).status)
        reply = self.specialize(self.body(handler="broken.handler"))
        self.assertEqual(409, reply.status, reply)
        self.assertIn("error", reply.json())
        self.assertReply(self.server.request("GET", "/hello"), 200, "hello world")

    def test_a_missing_or_wrong_token_answers_403(self):
        for headers in ({}, {"Nubo-Specialize-Token": "wrong"}, {"Nubo-Specialize-Token": "secret2"}):
            with self.subTest(headers):
                self.assertEqual(403, self.specialize(self.body(), headers).status)
        self.assertUnspecialized()
        self.assertEqual(200, self.specialize(self.body()).status)

    def test_a_malformed_body_answers_400(self):
        malformed = {
            "not JSON": '{"codeDir": ',
            "not an object": "[]",
            "no handler": self.body(handler=None),
            "handler without function": self.body(handler="probe"),
            "handler without module": self.body(handler=".handler"),
            "no codeDir": self.body(codeDir=None),
            "timeout not a number": self.body(timeout="30"),
            "negative timeout": self.body(timeout=-1),
            "env not strings": self.body(env={"N": 1}),
        }
        for case, body in malformed.items():
            with self.subTest(case):
                reply = self.specialize(body)
                self.assertEqual(400, reply.status, reply)
                self.assertIn("error", reply.json())
        self.assertUnspecialized()

    def test_code_that_cannot_load_answers_500_and_the_server_stays_unspecialized(self):
        failures = {
            "broken.handler": "broken at import",
            "probe.no_such_handler": "has no function no_such_handler",
            "missing.handler": "No module named 'missing'",
            "json.handler": "rename json.py",
        }
        for handler, message in failures.items():
            with self.subTest(handler):
                reply = self.specialize(self.body(handler=handler, env={"GREETING": "from a failed attempt"}))
                self.assertEqual(500, reply.status, reply)
                self.assertIn(message, reply.json()["error"])
                self.assertUnspecialized()
        self.assertEqual(500, self.specialize(self.body(codeDir=self.code_dir + "-gone")).status)

        self.assertEqual(200, self.specialize(self.body(env={})).status)
        self.assertReply(self.server.request("GET", "/hello"), 200, "hello world")
        self.assertEqual({"at_import": "", "now": ""}, self.server.request("GET", "/env").json(),
                         "the env of failed attempts is gone")
        self.assertIn("RuntimeError: broken at import", self.server.stderr())
