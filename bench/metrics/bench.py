"""Gateway with and without call metrics, side by side in one run (see run.sh)."""
import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "gateway"))
import bench as gw  # noqa: E402  the gateway bench's helpers: upstreams, wrk, CPU, processes

WARMUP = int(os.environ.get("WARMUP", "20"))
DURATION = int(os.environ.get("DURATION", "8"))
REPS = int(os.environ.get("REPS", "3"))
CONNECTIONS = int(os.environ.get("C", "64"))
OUTPUT = Path(os.environ.get("OUTPUT", HERE / "RESULTS-metrics.md"))


def start_gateway(processes, classpath, upstream_port, metrics):
    port = gw.free_port()
    java = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
    command = [java, "-Xmx512m", "--enable-native-access=ALL-UNNAMED", "-cp", classpath,
               "dev.nubo.triggers.gateway.GatewayBenchMain", str(port), f"bench/node=127.0.0.1:{upstream_port}",
               f"--metrics={metrics}", "--io-threads=2"]
    process = processes.start(command, log=Path("/tmp") / f"nubo-bench-metrics-{metrics}.log")
    if not gw.wait_for_hello(f"http://127.0.0.1:{port}/bench/node", process, 60):
        raise SystemExit(f"gateway (metrics {metrics}) did not start")
    return {"port": port, "pid": process.pid}


def main():
    classpath = sys.argv[1]
    processes = gw.Processes()
    load_before = gw.machine_load()
    try:
        node_port, _, node_kind = gw.start_upstream(processes, "node")
        gateways = {m: start_gateway(processes, classpath, node_port, m) for m in ("off", "on")}
        for m, g in gateways.items():
            print(f"warm-up {WARMUP} s, metrics {m}", file=sys.stderr)
            gw.wrk(f"http://127.0.0.1:{g['port']}/bench/node", CONNECTIONS, WARMUP)
        runs = {"off": [], "on": []}
        for rep in range(REPS):
            for m in (("off", "on") if rep % 2 == 0 else ("on", "off")):
                g = gateways[m]
                before, started = gw.cpu_seconds(g["pid"]), time.monotonic()
                result = gw.wrk(f"http://127.0.0.1:{g['port']}/bench/node", CONNECTIONS, DURATION)
                cpu = gw.cpu_seconds(g["pid"]) - before
                result["cpu_us_per_call"] = 1e6 * cpu / (result["rps"] * (time.monotonic() - started))
                runs[m].append(result)
                print(f"  rep {rep + 1} metrics {m}: {result['rps']:.0f} req/s, p99 {result['p99']:.2f} ms, "
                      f"{result['cpu_us_per_call']:.1f} µs gateway CPU per call", file=sys.stderr)
        record = {}
        for functions in (10, 1000):
            for rep in range(3):
                for mode in ("history-only", "full"):
                    out = subprocess.run(["java", "-cp", classpath, "dev.nubo.triggers.gateway.RecordCostBenchMain",
                                          "1", str(functions), "4", mode], capture_output=True, text=True,
                                         check=True).stdout
                    ns = float(out.strip().rsplit("=", 1)[1])
                    record.setdefault((functions, mode), []).append(ns)
    finally:
        processes.stop_all()
    mean = gw.mean
    lines = [f"# Gateway call metrics: cost ({datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC)", "",
             f"Upstream: {node_kind}; wrk -c{CONNECTIONS}, {DURATION} s per run, {REPS} runs each, alternating; "
             f"load before: `{load_before}`", "",
             "| metrics | req/s | p50 / p99 ms | gateway CPU µs per call | errors |", "|---|---|---|---|---|"]
    for m in ("off", "on"):
        r = runs[m]
        cpu = "/".join(f"{x['cpu_us_per_call']:.1f}" for x in r)
        lines.append(f"| {m} | {gw.rates([x['rps'] for x in r])} (mean {mean([x['rps'] for x in r]):.0f}) "
                     f"| {mean([x['p50'] for x in r]):.3f} / {mean([x['p99'] for x in r]):.2f} "
                     f"| {cpu} (mean {mean([x['cpu_us_per_call'] for x in r]):.1f}) "
                     f"| {sum(x['errors'] for x in r)} |")
    lines += ["", "One `record` call alone, ns (1 thread, functions called round robin, 4 s a run, 3 runs alternating; "
              "median, then each run):", "",
              "| functions | history only | history + Prometheus meters (standalone) |", "|---|---|---|"]
    for functions in (10, 1000):
        cells = []
        for mode in ("history-only", "full"):
            values = record[(functions, mode)]
            cells.append(f"{sorted(values)[len(values) // 2]:.0f} ({'/'.join(f'{v:.0f}' for v in values)})")
        lines.append(f"| {functions} | {cells[0]} | {cells[1]} |")
    lines += ["", f"Load after: `{gw.machine_load()}`", ""]
    OUTPUT.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
