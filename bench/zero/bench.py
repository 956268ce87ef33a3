"""1,000 functions deployed and scaled to zero (issue 10), started by run.sh.

A fresh standalone platform; FUNCTIONS Python functions (minReplicas 0, idleSeconds 1) created by CLIENTS clients at
once. A deploy still starts one replica (a broken function shows at once), which stops after a second without calls.
Measured: creates acknowledged, create → all ScaledToZero, the platform's RSS and threads with everything at zero
(and after a full GC), and the heap's live objects by class (jcmd GC.class_histogram), so the per-function cost can
be read off. Then one call wakes a function through the gateway (never failed).
"""
import concurrent.futures
import datetime
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
JAVA, JAR = sys.argv[1], sys.argv[2]
JCMD = str(Path(JAVA).parent / "jcmd")
FUNCTIONS = int(os.environ.get("FUNCTIONS", "1000"))
CLIENTS = int(os.environ.get("CLIENTS", "8"))
# the platform's own JVM options (as ./nubo-standalone), then JVM_OPTS
JVM_OPTS = ["@" + str(HERE.parent.parent / "scripts" / "standalone.jvm-options"), *os.environ.get("JVM_OPTS", "").split()]
OUTPUT = Path(os.environ.get("OUTPUT", HERE / "RESULTS-zero.md"))
TOKEN = "nubo_bench_zero_token_0123456789abcdef"
CODE = "def handler(event, context):\n    return 'hi'\n"


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
             "--nubo.kafka.embedded.enabled=false"],
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

    def request(self, method, path, body=None, timeout=120):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{self.api_port}{path}", data=data, method=method,
                                     headers={"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def phases(self):
        status, payload = self.request("GET", "/api/v1/namespaces/default/functions")
        return {f["metadata"]["name"]: f.get("status", {}).get("phase") for f in json.loads(payload)["items"]}

    def rss_and_threads(self):
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        values = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        return int(values["VmRSS"].split()[0]) // 1024, int(values["Threads"])

    def jcmd(self, *command):
        return subprocess.run([JCMD, str(self.process.pid), *command], capture_output=True, text=True,
                              timeout=120).stdout


def main():
    rows = []
    data_dir = Path(tempfile.mkdtemp(prefix="nubo-bench-zero-"))
    data_dir.chmod(0o755)
    platform = Platform(data_dir)
    platform.start()
    time.sleep(3)
    rss, threads = platform.rss_and_threads()
    rows.append(("platform RSS / threads, no function", f"{rss} MB / {threads}"))
    load_before = load()
    names = [f"fn-{i:04d}" for i in range(FUNCTIONS)]
    started = time.monotonic()

    def create(name):
        return platform.request("POST", "/api/v1/namespaces/default/functions", {
            "metadata": {"name": name},
            "spec": {"runtime": "python3.11", "handler": "main.handler", "source": {"inline": CODE},
                     "scaling": {"minReplicas": 0, "maxReplicas": 1, "idleSeconds": 1}}})[0]

    try:
        with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
            statuses = list(pool.map(create, names))
        acknowledged = time.monotonic() - started
        assert all(s == 201 for s in statuses), statuses
        rows.append((f"{FUNCTIONS} creates acknowledged ({CLIENTS} clients)", f"{acknowledged:.1f} s"))
        deadline = time.monotonic() + 3600
        peak = 0
        while time.monotonic() < deadline:
            peak = max(peak, platform.rss_and_threads()[0])
            phases = platform.phases()
            at_zero = sum(1 for p in phases.values() if p == "ScaledToZero")
            if at_zero == FUNCTIONS:
                break
            time.sleep(1)
        rows.append(("create → all ScaledToZero", f"{time.monotonic() - started:.1f} s"))
        rows.append(("platform RSS peak while deploying (sampled each second)", f"{peak} MB"))
        time.sleep(5)
        rss, threads = platform.rss_and_threads()
        rows.append(("platform RSS / threads, all at zero", f"{rss} MB / {threads}"))
        heap = platform.jcmd("GC.heap_info")
        histogram = platform.jcmd("GC.class_histogram")  # runs a full GC first
        time.sleep(2)
        rss_gc, _ = platform.rss_and_threads()
        rows.append(("platform RSS after a full GC", f"{rss_gc} MB"))
        total = [line for line in histogram.splitlines() if line.startswith("Total")]
        rows.append(("live heap (class histogram total)", total[0] if total else "?"))
        nmt = platform.jcmd("VM.native_memory", "summary")
        woke_started = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{platform.gateway_port}/default/{names[0]}", timeout=60) as r:
            r.read()
            rows.append(("one call to a function at zero through the gateway",
                         f"{r.status} in {(time.monotonic() - woke_started) * 1000:.0f} ms, Server-Timing "
                         f"`{r.headers.get('Server-Timing')}`"))
    finally:
        platform.stop()
    lines = [f"# {FUNCTIONS} functions scaled to zero — {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
             "", f"{os.cpu_count()} cores; load average {load_before} → {load()}; JVM options: "
             f"`{' '.join(JVM_OPTS)}`", "", "| measurement | value |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in rows]
    lines += ["", "Heap:", "", "```", heap.strip(), "```", "", "Largest classes (live, after a full GC):", "", "```"]
    lines += histogram.splitlines()[:40]
    lines += ["```", ""]
    if "Native Memory Tracking" in nmt:
        lines += ["Native memory:", "", "```", nmt.strip()[:6000], "```", ""]
    OUTPUT.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
