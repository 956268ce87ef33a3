"""Scale benchmark: many functions with one replica each on one standalone platform.

Started by run.sh. Measures, on a fresh data directory:
  1. create N Python functions (CLIENTS concurrent clients) → time until every one is Ready,
     API GET latency (p50/p99) sampled all along;
  2. steady state: API GET p50/p99, gateway p50/p99 over all functions, platform RSS and threads;
  3. SIGTERM → time until the platform and every replica are gone;
  4. start again → all Ready again; kill -9 → every replica gone (parent-death signal);
     start again → time until all Ready again.
"""
import concurrent.futures
import datetime
import json
import re
import os
import signal
import socket
import statistics
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
FUNCTIONS = int(os.environ.get("FUNCTIONS", "1000"))
CLIENTS = int(os.environ.get("CLIENTS", "8"))
# the options ./nubo-standalone uses, then any given here (later ones win)
JVM_OPTS = ["@" + str(HERE.parent.parent / "scripts" / "standalone.jvm-options"), *os.environ.get("JVM_OPTS", "").split()]
RESTARTS = os.environ.get("RESTARTS", "1") != "0"  # 0: skip the restart and kill -9 phases
OUTPUT = Path(os.environ.get("OUTPUT", HERE / "RESULTS-scale.md"))
TOKEN = "nubo_bench_scale_token_0123456789"
CODE = "def handler(event, context):\n    return 'hi'\n"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def load():
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


class Platform:
    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.api_port = free_port()
        self.gateway_port = free_port()
        self.process = None

    def start(self):
        log = open(self.data_dir / "platform.log", "ab")
        self.process = subprocess.Popen(
            [JAVA, *JVM_OPTS, "-jar", JAR, f"--nubo.data-dir={self.data_dir}", f"--server.port={self.api_port}",
             f"--nubo.gateway.port={self.gateway_port}", f"--nubo.admin.token={TOKEN}",
             f"--nubo.functions.max-replicas=1", "--nubo.kafka.embedded.enabled=false"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.api_port}/actuator/health", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("platform did not start; see " + str(self.data_dir / "platform.log"))

    def request(self, method, path, body=None, timeout=60):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{self.api_port}{path}", data=data, method=method,
                                     headers={"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"})
        started = time.monotonic()
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                payload = response.read()
                return response.status, payload, time.monotonic() - started
        except urllib.error.HTTPError as e:
            return e.code, e.read(), time.monotonic() - started

    def call(self, name):
        started = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{self.gateway_port}/default/{name}", timeout=30) as r:
            r.read()
            return r.status, time.monotonic() - started

    def phases(self):
        status, payload, _ = self.request("GET", "/api/v1/namespaces/default/functions", timeout=120)
        items = json.loads(payload)["items"]
        return {f["metadata"]["name"]: f.get("status", {}).get("phase") for f in items}

    def rss_and_threads(self):
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        values = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        return int(values["VmRSS"].split()[0]) // 1024, int(values["Threads"])

    def heap_after_full_gc(self):
        """Live heap vs what the JVM keeps committed: tells garbage not yet collected from memory really held."""
        jcmd = str(Path(JAVA).parent / "jcmd")
        subprocess.run([jcmd, str(self.process.pid), "GC.run"], capture_output=True, timeout=120)
        info = subprocess.run([jcmd, str(self.process.pid), "GC.heap_info"], capture_output=True, text=True,
                              timeout=60).stdout
        # "garbage-first heap   total reserved 6291456K, committed 123904K, used 45000K"
        match = re.search(r"committed (\d+)K, used (\d+)K", info)
        return (int(match.group(2)) // 1024, int(match.group(1)) // 1024) if match else (-1, -1)

    def replica_pids(self):
        run = self.data_dir / "run"
        return [int(p.name) for p in run.iterdir()] if run.exists() else []


def alive(pids):
    return [pid for pid in pids if Path(f"/proc/{pid}").exists() and "Z" not in state(pid)]


def state(pid):
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat[stat.rindex(")") + 2]
    except OSError:
        return "Z"


class Sampler(threading.Thread):
    """GETs one function over and over; records each latency (a timeout counts as its full wait)."""

    def __init__(self, platform, name):
        super().__init__(daemon=True)
        self.platform, self.name = platform, name
        self.latencies, self.failures = [], 0
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            try:
                status, _, took = self.platform.request("GET", f"/api/v1/namespaces/default/functions/{self.name}",
                                                        timeout=60)
                self.latencies.append(took)
                if status not in (200, 404):
                    self.failures += 1
            except OSError:
                self.latencies.append(60.0)
                self.failures += 1
            self.stop.wait(0.05)


def wait_all_ready(platform, names, limit=3600):
    started = time.monotonic()
    while time.monotonic() - started < limit:
        phases = platform.phases()
        ready = sum(1 for n in names if phases.get(n) == "Ready")
        if ready == len(names):
            return time.monotonic() - started
        time.sleep(2)
    raise RuntimeError("not all functions became Ready")


def main():
    rows = []
    data_dir = Path(tempfile.mkdtemp(prefix="nubo-bench-scale-"))
    platform = Platform(data_dir)
    names = [f"fn-{i:04d}" for i in range(FUNCTIONS)]
    t0 = time.monotonic()
    platform.start()
    rows.append(("platform start → healthy", f"{time.monotonic() - t0:.1f} s"))

    sampler = Sampler(platform, names[0])
    sampler.start()
    created_at = time.monotonic()

    def create(name):
        return platform.request("POST", "/api/v1/namespaces/default/functions", {
            "metadata": {"name": name},
            "spec": {"runtime": "python3.11", "handler": "main.handler", "source": {"inline": CODE}}})[0]

    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
        statuses = list(pool.map(create, names))
    acknowledged = time.monotonic() - created_at
    assert all(s == 201 for s in statuses), statuses
    rows.append((f"{FUNCTIONS} creates acknowledged ({CLIENTS} clients)", f"{acknowledged:.1f} s"))
    ready = wait_all_ready(platform, names) + acknowledged
    sampler.stop.set()
    sampler.join()
    during = sampler.latencies
    rows.append(("create → all Ready", f"{ready:.1f} s"))
    rows.append(("API GET while starting: p50 / p99 / max (n)",
                 f"{percentile(during, 50) * 1000:.1f} / {percentile(during, 99) * 1000:.1f} / "
                 f"{max(during) * 1000:.0f} ms ({len(during)}, {sampler.failures} failed)"))

    after = [platform.request("GET", f"/api/v1/namespaces/default/functions/{names[i % FUNCTIONS]}")[2]
             for i in range(500)]
    rows.append(("API GET, all running: p50 / p99 (n=500)",
                 f"{percentile(after, 50) * 1000:.1f} / {percentile(after, 99) * 1000:.1f} ms"))
    calls = [platform.call(names[(i * 7) % FUNCTIONS]) for i in range(1000)]
    gateway = [took for status, took in calls]
    rows.append(("gateway call, round robin over all functions: p50 / p99 (n=1000)",
                 f"{percentile(gateway, 50) * 1000:.1f} / {percentile(gateway, 99) * 1000:.1f} ms"
                 f" ({sum(1 for s, _ in calls if s != 200)} non-200)"))
    rss, threads = platform.rss_and_threads()
    rows.append(("platform RSS / threads, all running", f"{rss} MB / {threads}"))
    heap_used, heap_committed = platform.heap_after_full_gc()
    rss_after, _ = platform.rss_and_threads()
    rows.append(("Java heap used / committed after a full GC; RSS then",
                 f"{heap_used} MB / {heap_committed} MB; {rss_after} MB"))
    replicas = platform.replica_pids()
    rows.append(("replica processes", str(len(replicas))))

    stopped_at = time.monotonic()
    platform.process.send_signal(signal.SIGTERM)
    platform.process.wait(timeout=300)
    while alive(replicas) and time.monotonic() - stopped_at < 300:
        time.sleep(0.1)
    rows.append(("SIGTERM → platform and all replicas gone",
                 f"{time.monotonic() - stopped_at:.1f} s ({len(alive(replicas))} left)"))

    if RESTARTS:
        restart_phases(platform, names, rows)

    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    write_results(stamp, rows, data_dir)


def restart_phases(platform, names, rows):
    restarted_at = time.monotonic()
    platform.start()
    wait_all_ready(platform, names)
    rows.append(("clean restart → all Ready", f"{time.monotonic() - restarted_at:.1f} s"))
    replicas = platform.replica_pids()
    killed_at = time.monotonic()
    platform.process.send_signal(signal.SIGKILL)
    platform.process.wait()
    while alive(replicas) and time.monotonic() - killed_at < 60:
        time.sleep(0.05)
    rows.append(("kill -9 → all replicas gone (parent-death signal)",
                 f"{time.monotonic() - killed_at:.1f} s ({len(alive(replicas))} left)"))
    restarted_at = time.monotonic()
    platform.start()
    wait_all_ready(platform, names)
    rows.append(("kill -9 restart → all Ready again", f"{time.monotonic() - restarted_at:.1f} s"))
    replicas = platform.replica_pids()
    platform.process.send_signal(signal.SIGTERM)
    platform.process.wait(timeout=300)


def write_results(stamp, rows, data_dir):
    lines = [f"# Scale: {FUNCTIONS} functions × 1 Python replica on one standalone platform", "",
             f"{stamp}; load average at the end {load()}; JVM options: {' '.join(JVM_OPTS) or '(defaults)'}.", "",
             "| measurement | result |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in rows]
    OUTPUT.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    subprocess.run(["rm", "-rf", str(data_dir)])


if __name__ == "__main__":
    main()
