"""The harness the standalone-platform benchmarks share (scale, coldstart, autoscale, zero, deploy).

Each bench.py puts this directory on sys.path and imports it; what a benchmark measures, its knobs and its results
file stay in its own bench.py. Python standard library only.
"""
import http.client
import json
import multiprocessing
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load():
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100); NaN for no values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def standalone_jvm_options():
    """The platform's own JVM options (as ./nubo-standalone uses them), then those in JVM_OPTS (later ones win)."""
    return ["@" + str(ROOT / "scripts" / "standalone.jvm-options"), *os.environ.get("JVM_OPTS", "").split()]


def fresh_data_dir(bench):
    data_dir = Path(tempfile.mkdtemp(prefix=f"nubo-bench-{bench}-"))
    data_dir.chmod(0o755)  # the sandbox runs replicas as a user of their own, who must be able to enter it
    return data_dir


def remove(data_dir):
    shutil.rmtree(data_dir, ignore_errors=True)


def write_report(output, lines):
    """Writes the Markdown lines to the results file and prints them."""
    Path(output).write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


class Platform:
    """One standalone platform (the jar) on a data directory, on free API and gateway ports, embedded Kafka off.

    args: extra platform arguments (--nubo.x=y); jvm_options: before -jar; start_timeout: seconds until healthy;
    request_timeout: the default for request().
    """

    def __init__(self, java, jar, token, data_dir, args=(), jvm_options=(), start_timeout=180, request_timeout=60):
        self.java, self.jar, self.token, self.data_dir = java, jar, token, Path(data_dir)
        self.args, self.jvm_options = list(args), list(jvm_options)
        self.start_timeout, self.request_timeout = start_timeout, request_timeout
        self.api_port, self.gateway_port = free_port(), free_port()
        self.log = self.data_dir / "platform.log"
        self.process = None

    def start(self):
        out = open(self.log, "ab")
        self.process = subprocess.Popen(
            [self.java, *self.jvm_options, "-jar", self.jar, f"--nubo.data-dir={self.data_dir}",
             f"--server.port={self.api_port}", f"--nubo.gateway.port={self.gateway_port}",
             f"--nubo.admin.token={self.token}", "--nubo.kafka.embedded.enabled=false", *self.args],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.api_port}/actuator/health", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("platform did not start; see " + str(self.log))

    def stop(self, timeout=60):
        self.process.terminate()
        self.process.wait(timeout)

    def timed_request(self, method, path, body=None, timeout=None):
        """An API call with the admin token: (status, body bytes, seconds taken); an HTTP error is an answer too."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{self.api_port}{path}", data=data, method=method,
                                     headers={"Authorization": "Bearer " + self.token,
                                              "Content-Type": "application/json"})
        started = time.monotonic()
        try:
            with urllib.request.urlopen(req, timeout=timeout or self.request_timeout) as response:
                payload = response.read()
                return response.status, payload, time.monotonic() - started
        except urllib.error.HTTPError as e:
            return e.code, e.read(), time.monotonic() - started

    def request(self, method, path, body=None, timeout=None):
        """An API call with the admin token: (status, body bytes)."""
        return self.timed_request(method, path, body, timeout)[:2]

    def create_function(self, name, spec):
        return self.request("POST", "/api/v1/namespaces/default/functions", {"metadata": {"name": name}, "spec": spec})

    def function(self, name):
        status, payload = self.request("GET", f"/api/v1/namespaces/default/functions/{name}")
        return json.loads(payload) if status == 200 else None

    def phases(self, timeout=None):
        """function name → status phase, for every function in the default namespace."""
        _, payload = self.request("GET", "/api/v1/namespaces/default/functions", timeout=timeout)
        return {f["metadata"]["name"]: f.get("status", {}).get("phase") for f in json.loads(payload)["items"]}

    def call(self, name, timeout=30):
        """One GET through the gateway: (status, seconds taken)."""
        started = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{self.gateway_port}/default/{name}", timeout=timeout) as r:
            r.read()
            return r.status, time.monotonic() - started

    def rss_and_threads(self):
        """The platform JVM's resident memory (MB) and thread count."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        values = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        return int(values["VmRSS"].split()[0]) // 1024, int(values["Threads"])

    def cpu_share(self, seconds):
        """The platform JVM's CPU time over the next {seconds} seconds, as a share of one core."""
        def used():
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        before = used()
        time.sleep(seconds)
        return (used() - before) / seconds

    def jcmd(self, *command, timeout=120):
        jcmd = str(Path(self.java).parent / "jcmd")
        return subprocess.run([jcmd, str(self.process.pid), *command], capture_output=True, text=True,
                              timeout=timeout).stdout

    def heap_after_full_gc(self):
        """Live heap vs what the JVM keeps committed (MB): tells garbage not yet collected from memory really held."""
        self.jcmd("GC.run")
        info = self.jcmd("GC.heap_info", timeout=60)
        # "garbage-first heap   total reserved 6291456K, committed 123904K, used 45000K"
        match = re.search(r"committed (\d+)K, used (\d+)K", info)
        return (int(match.group(2)) // 1024, int(match.group(1)) // 1024) if match else (-1, -1)

    def replica_pids(self):
        run = self.data_dir / "run"
        return [int(p.name) for p in run.iterdir()] if run.exists() else []


class Sampler:
    """GETs one function over and over in a process of its own; records each latency (a timeout counts as its full
    wait). Its own process: in this one, json.loads of the 1,000-function listing (wait_all_ready) and the creating
    clients hold the GIL, and a sampler thread would time those waits as the platform's.

    keep_alive: send every GET on one kept-alive connection (as the console and most API clients do) instead of a new
    connection each time (urllib)."""

    def __init__(self, platform, name, in_process=True, keep_alive=False):
        self.platform, self.name, self.keep_alive = platform, name, keep_alive
        self.latencies, self.failures = [], 0
        self.started_at = []  # time.monotonic() at each GET's start, to split the samples by phase
        self.stop = multiprocessing.get_context("fork").Event()
        receiver, self._sender = multiprocessing.get_context("fork").Pipe(duplex=False)
        self._receiver = receiver
        target = multiprocessing.get_context("fork").Process if in_process else threading.Thread
        self._worker = target(target=self._run, daemon=True)

    def start(self):
        self._worker.start()

    def join(self):
        self.latencies, self.started_at, self.failures = self._receiver.recv()
        self._worker.join()

    def _get(self, connection):
        """(status, seconds): on a new connection each time (urllib), or on the one kept-alive connection."""
        path = f"/api/v1/namespaces/default/functions/{self.name}"
        if connection is None:
            status, _, took = self.platform.timed_request("GET", path, timeout=60)
            return status, took
        started = time.monotonic()
        connection.request("GET", path, headers={"Authorization": "Bearer " + self.platform.token})
        response = connection.getresponse()
        response.read()
        return response.status, time.monotonic() - started

    def _run(self):
        latencies, started_at, failures = [], [], 0
        connection = (http.client.HTTPConnection("127.0.0.1", self.platform.api_port, timeout=60)
                      if self.keep_alive else None)
        while not self.stop.is_set():
            started_at.append(time.monotonic())
            try:
                status, took = self._get(connection)
                latencies.append(took)
                if status not in (200, 404):
                    failures += 1
            except (OSError, http.client.HTTPException):
                latencies.append(60.0)
                failures += 1
                if connection is not None:
                    connection.close()  # http.client reconnects on the next request
            self.stop.wait(0.05)
        self._sender.send((latencies, started_at, failures))
