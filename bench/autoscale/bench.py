"""Autoscale step (issue 10), started by run.sh.

One Python function whose handler sleeps 50 ms (minReplicas 1, maxReplicas MAX_REPLICAS, targetConcurrency TARGET),
called through the gateway by one caller, then at once by CALLERS callers for DURATION (wrk, keep-alive). Its status
is read every 100 ms meanwhile. Measured: from the step to the autoscaler's first decision (desired > 1), to the first
added replica serving, to every desired replica serving; errors (non-2xx and socket errors) and the latency
percentiles over the whole step; the status' lastScaling decisions seen.
"""
import datetime
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
JAVA, JAR = sys.argv[1], sys.argv[2]
CALLERS = int(os.environ.get("CALLERS", "200"))
DURATION = int(os.environ.get("DURATION", "30"))
MAX_REPLICAS = int(os.environ.get("MAX_REPLICAS", "20"))
TARGET = int(os.environ.get("TARGET", "10"))
# the platform's own JVM options (as ./nubo-standalone), then JVM_OPTS
JVM_OPTS = ["@" + str(HERE.parent.parent / "scripts" / "standalone.jvm-options"), *os.environ.get("JVM_OPTS", "").split()]
OUTPUT = Path(os.environ.get("OUTPUT", HERE / "RESULTS-autoscale.md"))
TOKEN = "nubo_bench_autoscale_token_0123456789"
PLATFORM_ARGS = os.environ.get("PLATFORM_ARGS", "").split()
CODE = "import time\n\ndef handler(event, context):\n    time.sleep(0.05)\n    return 'ok'\n"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load():
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


class Platform:
    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.api_port, self.gateway_port = free_port(), free_port()

    def start(self):
        log = open(self.data_dir / "platform.log", "ab")
        self.process = subprocess.Popen(
            [JAVA, *JVM_OPTS, "-jar", JAR, f"--nubo.data-dir={self.data_dir}", f"--server.port={self.api_port}",
             f"--nubo.gateway.port={self.gateway_port}", f"--nubo.admin.token={TOKEN}",
             "--nubo.kafka.embedded.enabled=false", *PLATFORM_ARGS],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.api_port}/actuator/health", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("platform did not start; see " + str(self.data_dir / "platform.log"))

    def stop(self):
        self.process.terminate()
        self.process.wait(120)

    def request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{self.api_port}{path}", data=data, method=method,
                                     headers={"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def status(self, name):
        code, payload = self.request("GET", f"/api/v1/namespaces/default/functions/{name}")
        return json.loads(payload).get("status", {}) if code == 200 else {}


def wrk(url, connections, seconds):
    out = subprocess.run(["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "30s", url],
                         capture_output=True, text=True).stdout
    percentiles = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M))
    requests = re.search(r"(\d+) requests in", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    rate = re.search(r"Requests/sec:\s+(\S+)", out)
    return {"percentiles": percentiles, "requests": int(requests.group(1)) if requests else 0,
            "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "socket_errors": socket_errors.group(1).strip() if socket_errors else "none",
            "rate": rate.group(1) if rate else "?", "raw": out}


def main():
    data_dir = Path(tempfile.mkdtemp(prefix="nubo-bench-autoscale-"))
    data_dir.chmod(0o755)
    platform = Platform(data_dir)
    platform.start()
    name = "step"
    try:
        code, payload = platform.request("POST", "/api/v1/namespaces/default/functions", {
            "metadata": {"name": name},
            "spec": {"runtime": "python3.11", "handler": "main.handler", "source": {"inline": CODE},
                     "scaling": {"minReplicas": 1, "maxReplicas": MAX_REPLICAS, "targetConcurrency": TARGET}}})
        assert code == 201, payload
        while platform.status(name).get("phase") != "Ready":
            time.sleep(0.2)
        url = f"http://127.0.0.1:{platform.gateway_port}/default/{name}"
        baseline = wrk(url, 1, 10)
        samples = []
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                status = platform.status(name)
                samples.append((time.monotonic(), status.get("replicas", {}), status.get("lastScaling")))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        load_before = load()
        step_at = time.monotonic()
        sampler.start()
        step = wrk(url, CALLERS, DURATION)
        load_after = load()
        stop.set()
        sampler.join()
    finally:
        platform.stop()

    def first(predicate):
        return next((t - step_at for t, replicas, _ in samples if predicate(replicas)), None)

    peak_desired = max((r.get("desired", 0) for _, r, _ in samples), default=0)
    decided = first(lambda r: r.get("desired", 0) > 1)
    added = first(lambda r: r.get("ready", 0) > 1)
    all_serving = first(lambda r: r.get("desired", 0) == peak_desired and r.get("ready", 0) >= peak_desired)
    decisions = []
    for t, _, last in samples:
        if last and (not decisions or decisions[-1][1] != last):
            decisions.append((t - step_at, last))
    fmt = lambda v: "—" if v is None else f"{v * 1000:.0f} ms"
    lines = [f"# Autoscale step — {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC", "",
             f"{os.cpu_count()} cores; load average {load_before} → {load_after}. Python, handler sleeps 50 ms; "
             f"minReplicas 1, maxReplicas {MAX_REPLICAS}, targetConcurrency {TARGET}; 1 caller for 10 s, then "
             f"{CALLERS} callers for {DURATION} s (wrk -t2, keep-alive), status read every 100 ms. Platform arguments: "
             f"`{' '.join(PLATFORM_ARGS) or '(defaults)'}`.", "",
             "| measurement | value |", "|---|---|",
             f"| 1 caller: req/s, p50 / p99 | {baseline['rate']}, {baseline['percentiles'].get('50')} / "
             f"{baseline['percentiles'].get('99')} |",
             f"| step → first scale-up decision (desired > 1) | {fmt(decided)} |",
             f"| step → first added replica serving (ready > 1) | {fmt(added)} |",
             f"| step → all {peak_desired} desired replicas serving | {fmt(all_serving)} |",
             f"| calls during the step | {step['requests']} ({step['rate']} req/s) |",
             f"| errors: non-2xx / socket | {step['non2xx']} / {step['socket_errors']} |",
             f"| latency during the step p50 / p75 / p90 / p99 | {step['percentiles'].get('50')} / "
             f"{step['percentiles'].get('75')} / {step['percentiles'].get('90')} / {step['percentiles'].get('99')} |",
             "", "Scaling decisions as the status showed them (time after the step):", ""]
    lines += [f"- +{t * 1000:.0f} ms: {d.get('from')} → {d.get('to')}: {d.get('reason')}" for t, d in decisions]
    lines += ["", "wrk output of the step:", "", "```", step["raw"].strip(), "```", ""]
    OUTPUT.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
