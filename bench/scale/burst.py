"""The scale benchmark's create window alone, in about a minute: where a read's time goes while clients create.

Started by burst.sh. On a fresh data directory: CLIENTS clients create FUNCTIONS Python functions (minReplicas 1)
as fast as the API answers while two samplers GET one function every 50 ms (a new connection each time; one
kept-alive connection). Prints, for the window from the first create to the last answer: the samplers' p50/p99, the
same GETs as Tomcat timed them (its access log: the platform's own share), the platform's CPU by thread (JIT,
carriers of the virtual threads, GC…) and the machine's (user, niced replicas, kernel). Then stops the platform
without waiting for the replicas: bench/scale/run.sh measures the rest. Platform settings: PLATFORM_ARGS.
"""
import collections
import concurrent.futures
import glob
import os
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "lib"))
from nubo_bench import Platform, Sampler, fresh_data_dir, percentile, remove, standalone_jvm_options  # noqa: E402

JAVA, JAR = sys.argv[1], sys.argv[2]
FUNCTIONS = int(os.environ.get("FUNCTIONS", "1000"))
CLIENTS = int(os.environ.get("CLIENTS", "8"))
PLATFORM_ARGS = os.environ.get("PLATFORM_ARGS", "").split()
TOKEN = "nubo_bench_scale_token_0123456789"
CODE = "def handler(event, context):\n    return 'hi'\n"
TICK = os.sysconf("SC_CLK_TCK")


def thread_times(pid):
    """thread id → (name with digits as #, CPU ticks) for every thread of the process."""
    times = {}
    for stat in glob.glob(f"/proc/{pid}/task/*/stat"):
        try:
            text = Path(stat).read_text()
        except OSError:
            continue  # the thread ended
        fields = text.rsplit(")", 1)[1].split()
        name = re.sub(r"[0-9]+", "#", text[text.index("(") + 1:text.rindex(")")])
        times[stat] = (name, int(fields[11]) + int(fields[12]))
    return times


def machine_times():
    """user, nice, system, idle … ticks of all cores (/proc/stat)."""
    return [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]


def milliseconds(values):
    return (f"p50 {percentile(values, 50) * 1000:.1f} / p99 {percentile(values, 99) * 1000:.1f} / "
            f"max {max(values) * 1000:.0f} ms (n={len(values)})") if values else "no samples"


def main():
    data_dir = fresh_data_dir("burst")
    access_log = data_dir / "access"
    platform = Platform(JAVA, JAR, TOKEN, data_dir, jvm_options=standalone_jvm_options(), start_timeout=120, args=[
        "--nubo.functions.max-replicas=1", "--server.tomcat.accesslog.enabled=true",
        f"--server.tomcat.accesslog.directory={access_log}", "--server.tomcat.accesslog.buffered=false",
        "--server.tomcat.accesslog.pattern=%{begin:msec}t %m %U %D", *PLATFORM_ARGS])
    platform.start()
    samplers = {"new connection each": Sampler(platform, "fn-0000"),
                "kept-alive connection": Sampler(platform, "fn-0000", keep_alive=True)}
    for sampler in samplers.values():
        sampler.start()
    time.sleep(1)

    self_before = os.times()
    threads_before, machine_before, wall_start, started = thread_times(platform.process.pid), machine_times(), \
        time.time(), time.monotonic()

    def create(name):
        return platform.create_function(name, {"runtime": "python3.11", "handler": "main.handler",
                                               "source": {"inline": CODE}})[0]

    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
        statuses = list(pool.map(create, [f"fn-{i:04d}" for i in range(FUNCTIONS)]))
    self_after = os.times()
    threads_after, machine_after, wall_end, ended = thread_times(platform.process.pid), machine_times(), \
        time.time(), time.monotonic()
    for sampler in samplers.values():
        sampler.stop.set()
        sampler.join()
    platform.stop(timeout=120)

    span = ended - started
    print(f"{FUNCTIONS} creates by {CLIENTS} clients in {span:.1f} s "
          f"({sum(1 for s in statuses if s != 201)} not 201); PLATFORM_ARGS: {' '.join(PLATFORM_ARGS) or '(none)'}")
    for label, sampler in samplers.items():
        window = [took for took, at in zip(sampler.latencies, sampler.started_at) if started <= at < ended]
        print(f"  GET, {label}: {milliseconds(window)}, {sampler.failures} failed")
    served = [int(line.split()[3]) / 1e6 for path in access_log.glob("*") for line in path.read_text().splitlines()
              if line.split()[1:3] == ["GET", "/api/v1/namespaces/default/functions/fn-0000"]
              and wall_start <= int(line.split()[0]) / 1000 < wall_end]
    print(f"  the same GETs inside Tomcat (access log %D): {milliseconds(served)}")

    by_name = collections.Counter()
    for thread, (name, ticks) in threads_after.items():
        by_name[name] += ticks - threads_before.get(thread, (name, 0))[1]
    print(f"  platform CPU {sum(by_name.values()) / TICK / span:.2f} cores: "
          + ", ".join(f"{name} {ticks / TICK / span:.2f}" for name, ticks in by_name.most_common(6)))
    used = [after - before for before, after in zip(machine_before, machine_after)]
    cores = os.cpu_count() / sum(used)
    print(f"  machine ({os.cpu_count()} cores): user {used[0] * cores:.2f}, niced (replicas) {used[1] * cores:.2f}, "
          f"kernel {used[2] * cores:.2f}, idle {used[3] * cores:.2f} cores")
    print(f"  the clients' own CPU: {(self_after.user + self_after.system - self_before.user - self_before.system) / span:.2f} cores")
    remove(data_dir)


if __name__ == "__main__":
    main()
