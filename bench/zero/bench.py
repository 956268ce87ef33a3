"""1,000 functions deployed and scaled to zero (issue 10), started by run.sh.

A fresh standalone platform; FUNCTIONS Python functions (minReplicas 0, idleSeconds 1) created by CLIENTS clients at
once. A deploy still starts one replica (a broken function shows at once), which stops after a second without calls.
Measured: creates acknowledged, create → all ScaledToZero, the platform's RSS and threads with everything at zero
(and after a full GC), and the heap's live objects by class (jcmd GC.class_histogram), so the per-function cost can
be read off. Then one call wakes a function through the gateway (never failed).
"""
import concurrent.futures
import datetime
import os
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "lib"))
from nubo_bench import Platform, fresh_data_dir, load, remove, standalone_jvm_options, write_report  # noqa: E402

JAVA, JAR = sys.argv[1], sys.argv[2]
FUNCTIONS = int(os.environ.get("FUNCTIONS", "1000"))
CLIENTS = int(os.environ.get("CLIENTS", "8"))
JVM_OPTS = standalone_jvm_options()
OUTPUT = Path(os.environ.get("OUTPUT", HERE / "RESULTS-zero.md"))
TOKEN = "nubo_bench_zero_token_0123456789abcdef"
CODE = "def handler(event, context):\n    return 'hi'\n"


def main():
    rows = []
    data_dir = fresh_data_dir("zero")
    platform = Platform(JAVA, JAR, TOKEN, data_dir, jvm_options=JVM_OPTS, request_timeout=120)
    platform.start()
    time.sleep(3)
    rss, threads = platform.rss_and_threads()
    rows.append(("platform RSS / threads, no function", f"{rss} MB / {threads}"))
    load_before = load()
    names = [f"fn-{i:04d}" for i in range(FUNCTIONS)]
    started = time.monotonic()

    def create(name):
        return platform.create_function(name, {
            "runtime": "python3.11", "handler": "main.handler", "source": {"inline": CODE},
            "scaling": {"minReplicas": 0, "maxReplicas": 1, "idleSeconds": 1}})[0]

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
        rows.append(("platform CPU, all at zero and no calls (10 s)",
                     f"{platform.cpu_share(10) * 100:.1f} % of one core"))
        nmt = platform.jcmd("VM.native_memory", "summary")
        woke_started = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{platform.gateway_port}/default/{names[0]}", timeout=60) as r:
            r.read()
            rows.append(("one call to a function at zero through the gateway",
                         f"{r.status} in {(time.monotonic() - woke_started) * 1000:.0f} ms, Server-Timing "
                         f"`{r.headers.get('Server-Timing')}`"))
    finally:
        platform.stop(120)
    lines = [f"# {FUNCTIONS} functions scaled to zero — {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
             "", f"{os.cpu_count()} cores; load average {load_before} → {load()}; JVM options: "
             f"`{' '.join(JVM_OPTS)}`", "", "| measurement | value |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in rows]
    lines += ["", "Heap:", "", "```", heap.strip(), "```", "", "Largest classes (live, after a full GC):", "", "```"]
    lines += histogram.splitlines()[:40]
    lines += ["```", ""]
    if "Native Memory Tracking" in nmt:
        lines += ["Native memory:", "", "```", nmt.strip()[:6000], "```", ""]
    write_report(OUTPUT, lines)
    remove(data_dir)


if __name__ == "__main__":
    main()
