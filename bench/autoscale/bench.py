"""Autoscale step (issue 10), started by run.sh.

One Python function whose handler sleeps 50 ms (minReplicas 1, maxReplicas MAX_REPLICAS, targetConcurrency TARGET),
called through the gateway by one caller, then at once by CALLERS callers for DURATION (wrk, keep-alive). Its status
is read every 100 ms meanwhile. Measured: from the step to the autoscaler's first decision (desired > 1), to the first
added replica serving, to every desired replica serving; errors (non-2xx and socket errors) and the latency
percentiles over the whole step; the status' lastScaling decisions seen.
"""
import datetime
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "lib"))
from nubo_bench import Platform, fresh_data_dir, load, remove, standalone_jvm_options, write_report  # noqa: E402

JAVA, JAR = sys.argv[1], sys.argv[2]
CALLERS = int(os.environ.get("CALLERS", "200"))
DURATION = int(os.environ.get("DURATION", "30"))
MAX_REPLICAS = int(os.environ.get("MAX_REPLICAS", "20"))
TARGET = int(os.environ.get("TARGET", "10"))
# calls one replica is sent at once (scaling.containerConcurrency); empty: the platform's default
CAP = os.environ.get("CAP", "")
JVM_OPTS = standalone_jvm_options()
OUTPUT = Path(os.environ.get("OUTPUT", HERE / "RESULTS-autoscale.md"))
TOKEN = "nubo_bench_autoscale_token_0123456789"
PLATFORM_ARGS = os.environ.get("PLATFORM_ARGS", "").split()
CODE = "import time\n\ndef handler(event, context):\n    time.sleep(0.05)\n    return 'ok'\n"


def status_of(platform, name):
    return (platform.function(name) or {}).get("status", {})


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
    data_dir = fresh_data_dir("autoscale")
    platform = Platform(JAVA, JAR, TOKEN, data_dir, args=PLATFORM_ARGS, jvm_options=JVM_OPTS)
    platform.start()
    name = "step"
    try:
        code, payload = platform.create_function(name, {
            "runtime": "python3.11", "handler": "main.handler", "source": {"inline": CODE},
            "scaling": {"minReplicas": 1, "maxReplicas": MAX_REPLICAS, "targetConcurrency": TARGET,
                        **({"containerConcurrency": int(CAP)} if CAP else {})}})
        assert code == 201, payload
        while status_of(platform, name).get("phase") != "Ready":
            time.sleep(0.2)
        url = f"http://127.0.0.1:{platform.gateway_port}/default/{name}"
        baseline = wrk(url, 1, 10)
        samples = []
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                status = status_of(platform, name)
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
        platform.stop(120)

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
             f"minReplicas 1, maxReplicas {MAX_REPLICAS}, targetConcurrency {TARGET}"
             f"{', containerConcurrency ' + CAP if CAP else ''}; 1 caller for 10 s, then "
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
    write_report(OUTPUT, lines)
    remove(data_dir)


if __name__ == "__main__":
    main()
