"""Gateway benchmark: a hello function called directly and through the Nubo gateway, with wrk.

Started by run.sh (which builds the gateway and passes its classpath). Protocol, after the reference
(shared/reference/gateway-experiment.md): fresh gateway JVM, JIT warm-up under c64 load, then per upstream
2 repetitions of [c64 direct, c64 gateway, c1 direct, c1 gateway], alternating so drift hits both sides.
"""
import datetime
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PYTHON = "/usr/bin/python3"

WARMUP_NODE = int(os.environ.get("WARMUP_NODE", "45"))
WARMUP_PY = int(os.environ.get("WARMUP_PY", "15"))
DURATION = int(os.environ.get("DURATION", "8"))
REPS = int(os.environ.get("REPS", "2"))
GATEWAY_OPTS = os.environ.get("GATEWAY_OPTS", "").split()
JVM_OPTS = os.environ.get("JVM_OPTS", "-Xmx512m").split()
OUTPUT = Path(os.environ.get("OUTPUT", HERE / "RESULTS-gateway.md"))
ROUTES = os.environ.get("ROUTES", "1") != "0"  # also measure calls routed by HttpTriggers (none, bearer)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
GATEWAY_LOG = Path(tempfile.gettempdir()) / "nubo-bench-gateway.log"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers_hello(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200 and response.read() == b"hello world"
    except OSError:
        return False


def wait_for_hello(url, process, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if answers_hello(url):
            return True
        time.sleep(0.2)
    return False


class Processes:
    """Everything this benchmark starts, stopped by PID at the end."""

    def __init__(self):
        self.running = []

    def start(self, command, env=None, cwd=None, log=None):
        out = open(log, "w") if log else subprocess.DEVNULL
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        self.running.append(process)
        return process

    def stop(self, process):
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def stop_all(self):
        for process in reversed(self.running):
            self.stop(process)


def start_upstream(processes, language):
    """The runtime server from runtime-images/, or the stdlib stand-in when it is missing or does not answer."""
    port = free_port()
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1",
           "MOD_NAME": "hello", "FUNC_HANDLER": "handler", "FUNC_PORT": str(port), "FUNC_HOST": "127.0.0.1", "FUNC_TIMEOUT": "30",
           "KUBELESS_INSTALL_VOLUME": str(HERE / "functions"), "FUNC_RUNTIME": language}
    runtime = {"python": [PYTHON, "-u", str(ROOT / "runtime-images/python/server.py")],
               "node": ["node", str(ROOT / "runtime-images/nodejs/server.js")]}[language]
    standin = {"python": [PYTHON, "-u", str(HERE / "standin_hello.py")],
               "node": ["node", str(HERE / "standin_hello.js")]}[language]
    url = f"http://127.0.0.1:{port}/"
    if Path(runtime[-1]).exists():
        process = processes.start(runtime, env=env, cwd=HERE / "functions")
        if wait_for_hello(url, process, 20):
            return port, process, f"runtime server `{Path(runtime[-1]).relative_to(ROOT)}`"
        processes.stop(process)
        print(f"{language} runtime server did not answer hello: using the stand-in", file=sys.stderr)
    process = processes.start(standin, env=env, cwd=HERE / "functions")
    if not wait_for_hello(url, process, 20):
        raise SystemExit(f"{language} stand-in did not start")
    return port, process, f"stand-in `bench/gateway/{Path(standin[-1]).name}` (runtime server unavailable)"


def start_gateway(processes, classpath, upstreams):
    port = free_port()
    java = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
    routes = [f"bench/{name}=127.0.0.1:{upstream_port}" for name, upstream_port in upstreams.items()]
    command = [java, *JVM_OPTS, "--enable-native-access=ALL-UNNAMED", "-cp", classpath,
               "dev.nubo.triggers.gateway.GatewayBenchMain", str(port), *routes, *GATEWAY_OPTS]
    process = processes.start(command, log=GATEWAY_LOG)
    if not wait_for_hello(f"http://127.0.0.1:{port}/bench/{next(iter(upstreams))}", process, 60):
        raise SystemExit(f"gateway did not start: see {GATEWAY_LOG}")
    return port, process


def cpu_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def latency_ms(text, percentile):
    match = re.search(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    return float(match.group(1)) * UNITS[match.group(2)]


# what the gateway adds to a GET (function contract + forwarding): sent directly, they show what the headers
# alone cost a replica, apart from the proxying
GATEWAY_HEADERS = ["event-id: 5b0f8e8e-3c1d-4f52-9a57-0b8f6c1d2e3f", "event-time: 2026-11-27T10:15:30.042Z",
                   "event-namespace: http.nubo.dev", "ce-id: 5b0f8e8e-3c1d-4f52-9a57-0b8f6c1d2e3f",
                   "ce-source: http.nubo.dev", "ce-time: 2026-11-27T10:15:30.042Z", "ce-specversion: 1.0",
                   "x-forwarded-for: 127.0.0.1", "x-forwarded-proto: http", "x-forwarded-host: 127.0.0.1:8081"]


def wrk(url, connections, seconds, headers=()):
    threads = 1 if connections == 1 else 2
    header_args = [arg for header in headers for arg in ("-H", header)]
    run = subprocess.run(["wrk", "--latency", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
                          *header_args, url], capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"wrk failed on {url}: {run.stdout} {run.stderr}")
    out = run.stdout
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency_ms(out, 50),
        "p99": latency_ms(out, 99),
        "errors": (sum(int(g) for g in errors.groups()) if errors else 0) + (int(non2xx.group(1)) if non2xx else 0),
    }


# GatewayBenchMain routes every function through two HttpTriggers too: auth none and bearer
BEARER_TOKEN = "nubo-bench-token-0123456789abcdef"


def measure(gateway, upstream_port, name, connections):
    direct_url = f"http://127.0.0.1:{upstream_port}/"
    gateway_url = f"http://127.0.0.1:{gateway['port']}/bench/{name}"
    routed_url = f"http://127.0.0.1:{gateway['port']}/routed/{name}"
    bearer_url = f"http://127.0.0.1:{gateway['port']}/bearer/{name}"
    row = {"direct": [], "headers": [], "gateway": [], "cpu": [], "routed": [], "bearer": []}
    for rep in range(REPS):
        row["direct"].append(wrk(direct_url, connections, DURATION))
        row["headers"].append(wrk(direct_url, connections, DURATION, GATEWAY_HEADERS))
        before, started = cpu_seconds(gateway["pid"]), time.monotonic()
        row["gateway"].append(wrk(gateway_url, connections, DURATION))
        row["cpu"].append(100 * (cpu_seconds(gateway["pid"]) - before) / (time.monotonic() - started))
        if ROUTES:
            row["routed"].append(wrk(routed_url, connections, DURATION))
            row["bearer"].append(wrk(bearer_url, connections, DURATION, [f"Authorization: Bearer {BEARER_TOKEN}"]))
        print(f"  {name} c{connections} rep {rep + 1}: direct {row['direct'][-1]['rps']:.0f} req/s, "
              f"direct+headers {row['headers'][-1]['rps']:.0f} req/s, "
              f"gateway {row['gateway'][-1]['rps']:.0f} req/s"
              + (f", routed {row['routed'][-1]['rps']:.0f}, bearer {row['bearer'][-1]['rps']:.0f} req/s"
                 if ROUTES else ""), file=sys.stderr)
    return row


def mean(values):
    return sum(values) / len(values)


def table(results, rss):
    lines = ["| up | c | direct req/s | direct+hdr req/s | gw req/s | **gw/direct** | gw/direct+hdr "
             "| direct p50/p99 ms | gw p50/p99 ms | **added p50 ms** | gw CPU% | gw RSS MB | errors |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for (name, connections), row in results.items():
        direct, headers, gw = row["direct"], row["headers"], row["gateway"]
        d_rps, h_rps, g_rps = ([r["rps"] for r in runs] for runs in (direct, headers, gw))
        ratios = "/".join(f"{g / d:.2f}" for d, g in zip(d_rps, g_rps))
        d50, d99 = mean([r["p50"] for r in direct]), mean([r["p99"] for r in direct])
        g50, g99 = mean([r["p50"] for r in gw]), mean([r["p99"] for r in gw])
        lines.append(
            f"| {name} | {connections} | {rates(d_rps)} | {rates(h_rps)} | {rates(g_rps)} "
            f"| **{mean(g_rps) / mean(d_rps):.2f}** ({ratios}) | {mean(g_rps) / mean(h_rps):.2f} "
            f"| {d50:.3f}/{d99:.2f} | {g50:.3f}/{g99:.2f} | **{g50 - d50:+.3f}** | {mean(row['cpu']):.0f} | {rss:.0f} "
            f"| {sum(r['errors'] for r in direct + headers + gw)} |")
    return "\n".join(lines)


def routes_table(results):
    lines = ["| up | c | gw req/s | routed req/s | bearer req/s | **routed/gw** | **bearer/gw** | routed/direct "
             "| gw p50/p99 ms | routed p50/p99 ms | bearer p50/p99 ms | errors |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for (name, connections), row in results.items():
        gw, routed, bearer, direct = row["gateway"], row["routed"], row["bearer"], row["direct"]
        g, r, b, d = (mean([x["rps"] for x in runs]) for runs in (gw, routed, bearer, direct))

        def lat(runs):
            return f"{mean([x['p50'] for x in runs]):.3f}/{mean([x['p99'] for x in runs]):.2f}"
        lines.append(
            f"| {name} | {connections} | {rates([x['rps'] for x in gw])} | {rates([x['rps'] for x in routed])} "
            f"| {rates([x['rps'] for x in bearer])} | **{r / g:.2f}** | **{b / g:.2f}** | {r / d:.2f} "
            f"| {lat(gw)} | {lat(routed)} | {lat(bearer)} | {sum(x['errors'] for x in routed + bearer)} |")
    return "\n".join(lines)


def rates(values):
    return "/".join(f"{v:.0f}" for v in values)


def machine_load():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def busiest_processes():
    out = subprocess.run(["top", "-bn1", "-w", "160"], capture_output=True, text=True).stdout.splitlines()
    start = next(i for i, line in enumerate(out) if line.lstrip().startswith("PID"))
    return "\n".join(out[start:start + 6])


def main():
    classpath = sys.argv[1]
    processes = Processes()
    load_before, top_before = machine_load(), busiest_processes()
    try:
        py_port, _, py_kind = start_upstream(processes, "python")
        node_port, _, node_kind = start_upstream(processes, "node")
        gw_port, gw_process = start_gateway(processes, classpath, {"py": py_port, "node": node_port})
        gateway = {"port": gw_port, "pid": gw_process.pid}
        print(f"warm-up: {WARMUP_NODE} s node + {WARMUP_PY} s python through the gateway", file=sys.stderr)
        wrk(f"http://127.0.0.1:{gw_port}/bench/node", 64, WARMUP_NODE)
        wrk(f"http://127.0.0.1:{gw_port}/bench/py", 64, WARMUP_PY)
        results = {}
        for name, port in (("py", py_port), ("node", node_port)):
            for connections in (64, 1):
                results[(name, connections)] = measure(gateway, port, name, connections)
        rss = rss_mb(gw_process.pid)
        load_after = machine_load()
    finally:
        processes.stop_all()
    write_report(results, rss, py_kind, node_kind, load_before, load_after, top_before)


def routes_section(results):
    if not ROUTES:
        return ""
    return f"""
Routed by HttpTriggers (same gateway, same runs, right after each gateway run): `/routed/<up>` (auth none) and
`/bearer/<up>` (bearer token: one SHA-256 and a set lookup per call). routed/gw = mean routed / mean gateway.

{routes_table(results)}
"""


def write_report(results, rss, py_kind, node_kind, load_before, load_after, top_before):
    java = os.path.join(os.environ.get("JAVA_HOME", ""), "bin", "java")
    java_version = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    report = f"""# Function gateway benchmark

Run {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')} by `bench/gateway/run.sh`
on {os.cpu_count()} cores shared by wrk, the upstream and the gateway (and whatever else ran: see load).
{java_version}; gateway JVM `{' '.join(JVM_OPTS)}`{', settings ' + ' '.join(GATEWAY_OPTS) if GATEWAY_OPTS else ''}.

- python upstream: {py_kind}, `/usr/bin/python3`, hello.handler returning "hello world"
- node upstream: {node_kind}, node {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}
- protocol: warm-up {WARMUP_NODE} s c64 node + {WARMUP_PY} s c64 python through the gateway, then per upstream
  {REPS} × [c64 direct, c64 direct+hdr, c64 gateway, c1 direct, c1 direct+hdr, c1 gateway],
  `wrk --latency --timeout 10s -d{DURATION}s` (c64 = `-t2 -c64`, c1 = `-t1 -c1`)
- direct+hdr: direct, with the {len(GATEWAY_HEADERS)} headers the gateway adds to every call (event-*, ce-*, X-Forwarded-*):
  what the contract's headers alone cost the replica; gw/direct+hdr is the proxying alone
- req/s per repetition; latencies are the mean of the repetitions; ratio = mean gateway / mean direct
  (per repetition in brackets); added p50 = gateway p50 − direct p50; CPU% = the gateway's utime+stime during
  its runs (100 = one core); RSS = VmRSS after the runs; errors = socket errors + non-2xx of all runs
- load before: `{load_before}`; after: `{load_after}`

{table(results, rss)}
{routes_section(results)}
Busiest processes when the run started:

```
{top_before}
```
"""
    OUTPUT.write_text(report)
    print(report)


if __name__ == "__main__":
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    main()
