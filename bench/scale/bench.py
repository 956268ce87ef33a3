"""Scale benchmark: many functions with one replica each on one standalone platform.

Started by run.sh. Measures, on a fresh data directory:
  1. create N Python functions (CLIENTS concurrent clients) → time until every one is Ready,
     API GET latency (p50/p99) sampled all along, on a new connection each time and on one kept-alive connection;
  2. steady state: API GET p50/p99, gateway p50/p99 over all functions, platform RSS and threads;
  3. SIGTERM → time until the platform and every replica are gone;
  4. start again → all Ready again; kill -9 → every replica gone (parent-death signal);
     start again → time until all Ready again.
"""
import concurrent.futures
import datetime
import os
import signal
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "lib"))
from nubo_bench import (Platform, Sampler, fresh_data_dir, load, percentile, remove,  # noqa: E402
                        standalone_jvm_options, write_report)

JAVA, JAR = sys.argv[1], sys.argv[2]
FUNCTIONS = int(os.environ.get("FUNCTIONS", "1000"))
CLIENTS = int(os.environ.get("CLIENTS", "8"))
JVM_OPTS = standalone_jvm_options()
RESTARTS = os.environ.get("RESTARTS", "1") != "0"
THREAD_SAMPLER = os.environ.get("THREAD_SAMPLER", "0") == "1"  # 0: skip the restart and kill -9 phases
OUTPUT = Path(os.environ.get("OUTPUT", HERE / "RESULTS-scale.md"))
TOKEN = "nubo_bench_scale_token_0123456789"
CODE = "def handler(event, context):\n    return 'hi'\n"


def alive(pids):
    return [pid for pid in pids if Path(f"/proc/{pid}").exists() and "Z" not in state(pid)]


def state(pid):
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat[stat.rindex(")") + 2]
    except OSError:
        return "Z"


def wait_all_ready(platform, names, limit=3600):
    started = time.monotonic()
    while time.monotonic() - started < limit:
        phases = platform.phases(timeout=120)
        ready = sum(1 for n in names if phases.get(n) == "Ready")
        if ready == len(names):
            return time.monotonic() - started
        time.sleep(2)
    raise RuntimeError("not all functions became Ready")


def main():
    rows = []
    data_dir = fresh_data_dir("scale")
    platform = Platform(JAVA, JAR, TOKEN, data_dir, args=["--nubo.functions.max-replicas=1"], jvm_options=JVM_OPTS,
                        start_timeout=120)
    names = [f"fn-{i:04d}" for i in range(FUNCTIONS)]
    t0 = time.monotonic()
    platform.start()
    rows.append(("platform start → healthy", f"{time.monotonic() - t0:.1f} s"))

    sampler = Sampler(platform, names[0])
    # the same GETs on one kept-alive connection, as the console and most API clients send them: no connect, no accept
    kept_alive = Sampler(platform, names[0], keep_alive=True)
    # THREAD_SAMPLER=1: also sample from a thread of this process, as the bench did before (to compare the two)
    thread_sampler = Sampler(platform, names[0], in_process=False) if THREAD_SAMPLER else None
    samplers = [each for each in (sampler, kept_alive, thread_sampler) if each]
    for each in samplers:
        each.start()
    created_at = time.monotonic()

    def create(name):
        return platform.create_function(name, {"runtime": "python3.11", "handler": "main.handler",
                                               "source": {"inline": CODE}})[0]

    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
        statuses = list(pool.map(create, names))
    acknowledged = time.monotonic() - created_at
    assert all(s == 201 for s in statuses), statuses
    rows.append((f"{FUNCTIONS} creates acknowledged ({CLIENTS} clients)", f"{acknowledged:.1f} s"))
    ready = wait_all_ready(platform, names) + acknowledged
    for each in samplers:
        each.stop.set()
        each.join()
    during = sampler.latencies
    rows.append(("create → all Ready", f"{ready:.1f} s"))
    rows.append(("API GET while starting: p50 / p99 / max (n)",
                 f"{percentile(during, 50) * 1000:.1f} / {percentile(during, 99) * 1000:.1f} / "
                 f"{max(during) * 1000:.0f} ms ({len(during)}, {sampler.failures} failed; kept-alive: "
                 f"{kept_alive.failures} failed)"))
    creates_done = created_at + acknowledged
    for label, each in (("", sampler), (" (kept-alive connection)", kept_alive)):
        for phase, creating in (("while the creates come in", True), ("after the last create, until all Ready", False)):
            samples = [t for t, at in zip(each.latencies, each.started_at) if (at < creates_done) == creating]
            if samples:
                rows.append((f"… {phase}{label}: p50 / p99 / max (n)",
                             f"{percentile(samples, 50) * 1000:.1f} / {percentile(samples, 99) * 1000:.1f} / "
                             f"{max(samples) * 1000:.0f} ms ({len(samples)})"))
    if thread_sampler:
        threaded = thread_sampler.latencies
        rows.append(("API GET while starting, timed by a thread of the bench process: p50 / p99 / max (n)",
                     f"{percentile(threaded, 50) * 1000:.1f} / {percentile(threaded, 99) * 1000:.1f} / "
                     f"{max(threaded) * 1000:.0f} ms ({len(threaded)})"))

    rows.append(("platform CPU with all running and no calls (10 s)", f"{platform.cpu_share(10) * 100:.0f} % of one core"))
    after = [platform.timed_request("GET", f"/api/v1/namespaces/default/functions/{names[i % FUNCTIONS]}")[2]
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
    write_report(OUTPUT, lines)
    remove(data_dir)


if __name__ == "__main__":
    main()
