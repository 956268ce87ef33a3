"""Starts the real runtime server the way the platform does (runtime.json) and talks to it over HTTP."""
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
RUNTIME_DIR = os.path.dirname(TESTS_DIR)
FUNCTIONS_DIR = os.path.join(TESTS_DIR, "functions")
CONFORMANCE_DIR = os.path.join(RUNTIME_DIR, "..", "conformance", "src", "test", "resources", "functions", "python")
INTERPRETER = sys.executable
RUNTIME_ID = "python%d.%d" % sys.version_info[:2]

with open(os.path.join(RUNTIME_DIR, "runtime.json")) as descriptor_file:
    DESCRIPTOR = json.load(descriptor_file)


def expand(template, code_dir, deps_dir):
    """runtime.json placeholders, as dev.nubo.core.runtime.Placeholders expands them."""
    values = {"interpreter": INTERPRETER, "runtimeDir": RUNTIME_DIR, "codeDir": code_dir, "depsDir": deps_dir}
    for name, value in values.items():
        template = template.replace("{%s}" % name, value)
    return template


def base_environment(home):
    """The clean environment the platform gives every command."""
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, seconds=10.0, interval=0.02, message="condition"):
    """Polls `condition` until it returns a truthy value; fails after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out after %.1fs waiting for %s" % (seconds, message))
        time.sleep(interval)


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lower-case names
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return "<Reply %d %r %r>" % (self.status, self.headers.get("content-type"), self.body[:200])


def read_reply(response):
    body = response.read()
    return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, body)


class Workspace:
    """A temporary folder holding copies of the test functions (so no __pycache__ lands in the tree)."""

    def __init__(self, add_cleanup):
        self.root = tempfile.mkdtemp(prefix="nubo-python-test-")
        add_cleanup(shutil.rmtree, self.root, True)

    def code_dir(self, *sources, files=None):
        """A code dir with the named files of tests/functions (or the conformance fixture) and extra `files`."""
        directory = tempfile.mkdtemp(dir=self.root, prefix="code-")
        for source in sources:
            origin = source if os.path.isabs(source) else os.path.join(FUNCTIONS_DIR, source)
            shutil.copy(origin, directory)
        for name, content in (files or {}).items():
            path = os.path.join(directory, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as out:
                out.write(content)
        return directory

    def empty_dir(self, prefix):
        return tempfile.mkdtemp(dir=self.root, prefix=prefix)


class ServerProcess:
    """The runtime server as a child process, started with runtime.json's start command and env."""

    def __init__(self, add_cleanup, workspace, code_dir=None, deps_dir=None, env=None):
        self.port = free_port()
        self.code_dir = code_dir or workspace.empty_dir("code-")
        deps_dir = deps_dir or workspace.empty_dir("deps-")
        environment = base_environment(workspace.empty_dir("home-"))
        environment.update({k: expand(v, self.code_dir, deps_dir) for k, v in DESCRIPTOR["env"].items()})
        environment.update({"FUNC_PORT": str(self.port), "FUNC_HOST": "127.0.0.1",
                            "KUBELESS_INSTALL_VOLUME": self.code_dir, "NUBO_DEPS_DIR": deps_dir,
                            "FUNC_RUNTIME": RUNTIME_ID})
        environment.update(env or {})
        self.stdout_path = os.path.join(workspace.empty_dir("log-"), "stdout")
        self.stderr_path = self.stdout_path.replace("stdout", "stderr")
        command = [expand(part, self.code_dir, deps_dir) for part in DESCRIPTOR["start"]]
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.process = subprocess.Popen(command, cwd=self.code_dir, env=environment, stdout=out, stderr=err)
        add_cleanup(self.kill)

    def wait_ready(self, seconds=10.0):
        """Polls /healthz until it answers (any status): the server is listening."""
        def answered():
            if self.process.poll() is not None:
                raise AssertionError("server exited with %s:\n%s" % (self.process.returncode, self.stderr()))
            try:
                return self.request("GET", "/healthz", timeout=1)
            except OSError:
                return None
        return wait_until(answered, seconds, message="the server to listen")

    def request(self, method, path, body=None, headers=None, timeout=30):
        connection = self.connect(timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            return read_reply(connection.getresponse())
        finally:
            connection.close()

    def connect(self, timeout=30):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def metrics(self):
        """/metrics as {(sample name, method, le): value}."""
        samples = {}
        for line in self.request("GET", "/metrics").text.splitlines():
            if line and not line.startswith("#"):
                name_and_labels, value = line.rsplit(" ", 1)
                name, _, labels = name_and_labels.partition("{")
                fields = dict(part.split("=", 1) for part in labels.rstrip("}").split(",") if part)
                key = (name, fields.get("method", "").strip('"'), fields.get("le", "").strip('"') or None)
                samples[key] = float(value)
        return samples

    def stdout(self):
        with open(self.stdout_path, encoding="utf-8", errors="replace") as out:
            return out.read()

    def stderr(self):
        with open(self.stderr_path, encoding="utf-8", errors="replace") as err:
            return err.read()

    def terminate(self, seconds=15.0):
        """SIGTERM, then the exit code (AssertionError when the process does not exit in time)."""
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(seconds)
        except subprocess.TimeoutExpired:
            raise AssertionError("server did not exit %.0fs after SIGTERM" % seconds) from None

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def start_server(add_cleanup, workspace, *sources, env=None, files=None, deps_dir=None, code_dir=None):
    """A ready server for a code dir made of `sources` (files of tests/functions) and `files`."""
    code_dir = code_dir or workspace.code_dir(*sources, files=files)
    server = ServerProcess(add_cleanup, workspace, code_dir, deps_dir, env)
    server.wait_ready()
    return server


class ServerTestCase(unittest.TestCase):
    """Helpers for tests that start servers: one per test (start_server) or one per class."""

    def setUp(self):
        self.workspace = Workspace(self.addCleanup)

    def start_server(self, *sources, **options):
        return start_server(self.addCleanup, self.workspace, *sources, **options)

    @classmethod
    def start_class_server(cls, *sources, **options):
        return start_server(cls.addClassCleanup, Workspace(cls.addClassCleanup), *sources, **options)

    def assertReply(self, reply, status, body=None, content_type=None):
        self.assertEqual(status, reply.status, reply)
        if body is not None:
            self.assertEqual(body, reply.body if isinstance(body, bytes) else reply.text, reply)
        if content_type is not None:
            self.assertEqual(content_type, reply.headers.get("content-type"), reply)
        self.assertIn("content-length", reply.headers, reply)
