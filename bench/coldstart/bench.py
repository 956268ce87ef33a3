"""Cold start benchmark (issue 10), started by run.sh.

One data directory, two platform runs: the warm pool on (the default), then off (nubo.pool.enabled=false).
In each run, per runtime, a hello function with minReplicas 0 and idleSeconds 1 is woken ROUNDS times:
  wait until every function is ScaledToZero, then call each in turn (the API's invoke, which holds a call while the
  function wakes; the gateway answers 503 for a function at zero) and time request sent → first byte of the answer.
Beside it, the runtime's bare process start: its start command run directly with the same built function, no
sandbox, spawn → first /healthz 200. And deploy → first answer: create a new Python function without dependencies,
then call it through the gateway until 200 (as a new user would), DEPLOYS times.
"""
import datetime
import http.client
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "lib"))
from nubo_bench import Platform, free_port, fresh_data_dir, load, percentile, remove, write_report  # noqa: E402

JAVA, JAR = sys.argv[1], sys.argv[2]
ROUNDS = int(os.environ.get("ROUNDS", "20"))
DEPLOYS = int(os.environ.get("DEPLOYS", "10"))
OUTPUT = Path(os.environ.get("OUTPUT", HERE / "RESULTS-coldstart.md"))
TOKEN = "nubo_bench_coldstart_token_0123456789"

HELLOS = {
    "python3.11": ("main.handler", "def handler(event, context):\n    return 'hello'\n"),
    "nodejs20": ("main.handler", "module.exports = { handler: () => 'hello' };\n"),
    "ruby3.1": ("main.handler", "def handler(event, context)\n  'hello'\nend\n"),
    "php8.2": ("main.handler", "<?php\nfunction handler($event, $context) {\n    return 'hello';\n}\n"),
    "go1.19": ("main.Handler", "package kubeless\n\nimport \"github.com/kubeless/kubeless/pkg/functions\"\n\n"
               "func Handler(event functions.Event, context functions.Context) (string, error) {\n"
               "\treturn \"hello\", nil\n}\n"),
    "java21": ("Hello.handler", "public class Hello {\n    public String handler(io.kubeless.Event event, "
               "io.kubeless.Context context) {\n        return \"hello\";\n    }\n}\n"),
}
RUNTIMES = os.environ.get("RUNTIMES", " ".join(HELLOS)).split()


def ms(values):
    return f"{percentile(values, 50) * 1000:.0f} / {percentile(values, 99) * 1000:.0f}" if values else "—"


def first_byte(port, method, path, body=b"", headers=None):
    """Time from sending the request to its status line; the answer's status and headers."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.connect()
        started = time.perf_counter()
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        took = time.perf_counter() - started
        response.read()
        return took, response.status, dict(response.getheaders())
    finally:
        conn.close()


def invoke(platform, name):
    return first_byte(platform.api_port, "POST", f"/api/v1/namespaces/default/functions/{name}/invoke",
                      b"", {"Authorization": "Bearer " + TOKEN, "Content-Type": "text/plain"})


def name_of(runtime):
    return "cold-" + runtime.replace(".", "")


def await_phase(platform, names, phase, limit=600):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        phases = {n: (platform.function(n) or {}).get("status", {}).get("phase") for n in names}
        if all(p == phase for p in phases.values()):
            return
        failed = [n for n, p in phases.items() if p == "Failed"]
        if failed:
            raise RuntimeError(f"{failed} failed: {platform.function(failed[0])['status']}")
        time.sleep(0.1)
    raise RuntimeError(f"not all of {names} reached {phase}: {phases}")


def wakes(platform):
    names = [name_of(r) for r in RUNTIMES]
    results = {r: [] for r in RUNTIMES}
    timings = {r: [] for r in RUNTIMES}
    for _ in range(ROUNDS):
        await_phase(platform, names, "ScaledToZero")
        for runtime in RUNTIMES:
            took, status, headers = invoke(platform, name_of(runtime))
            if status != 200 or headers.get("Nubo-Cold-Start") != "true":
                print(f"{runtime}: {status} cold={headers.get('Nubo-Cold-Start')}", file=sys.stderr)
                continue
            results[runtime].append(took)
            if headers.get("Server-Timing"):
                timings[runtime].append(headers["Server-Timing"])
            time.sleep(0.4)  # let the pool refill before the next runtime's wake
    return results, timings


def deploys(platform, label):
    took = []
    for i in range(DEPLOYS):
        name = f"deploy-{label}-{i}"
        status, payload = platform.create_function(name, {
            "runtime": "python3.11", "handler": "main.handler",
            "source": {"inline": "def handler(event, context):\n    return 'hi'\n"}})
        assert status == 201, payload
        created = time.perf_counter()
        while True:
            elapsed, code, _ = first_byte(platform.gateway_port, "GET", f"/default/{name}")
            if code == 200:
                took.append(time.perf_counter() - created)
                break
            if time.perf_counter() - created > 60:
                raise RuntimeError(f"{name} did not answer within 60 s")
            time.sleep(0.002)
        platform.request("DELETE", f"/api/v1/namespaces/default/functions/{name}")
        time.sleep(0.5)
    return took


def bare_starts(data_dir):
    """Each runtime's start command run directly with the built hello function, spawn → /healthz 200."""
    results = {}
    for runtime in RUNTIMES:
        descriptor = runtime_descriptor(data_dir, runtime)
        if descriptor is None:
            continue
        runtime_dir, spec = descriptor
        build = sorted((data_dir / "functions" / "default" / name_of(runtime)).iterdir())[-1]
        module, handler = HELLOS[runtime][0].rsplit(".", 1)
        values = {"interpreter": interpreter(runtime), "runtimeDir": str(runtime_dir), "codeDir": str(build / "code"),
                  "depsDir": str(build / "deps"), "buildDir": str(build / "build"), "javaHome": str(Path(JAVA).parents[1]),
                  "cacheDir": str(data_dir / "cache" / runtime)}
        fill = lambda s: s.format(**values) if "{" in s else s
        times = []
        for _ in range(10):
            port = free_port()
            env = {k: fill(v) for k, v in spec.get("env", {}).items()}
            env.update({"PATH": os.environ["PATH"], "HOME": str(data_dir / "cache" / runtime), "LANG": "C.UTF-8",
                        "FUNC_PORT": str(port), "FUNC_HOST": "127.0.0.1", "MOD_NAME": module,
                        "FUNC_HANDLER": handler, "KUBELESS_INSTALL_VOLUME": values["codeDir"],
                        "NUBO_DEPS_DIR": values["depsDir"], "FUNC_RUNTIME": runtime})
            started = time.perf_counter()
            process = subprocess.Popen([fill(a) for a in spec["start"]], env=env, cwd=values["codeDir"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                while True:
                    try:
                        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                            if r.status == 200:
                                times.append(time.perf_counter() - started)
                                break
                    except OSError:
                        if process.poll() is not None or time.perf_counter() - started > 30:
                            break
                        time.sleep(0.002)
            finally:
                process.kill()
                process.wait()
        results[runtime] = times
    return results


def runtime_descriptor(data_dir, runtime):
    for path in (data_dir / "runtimes").glob("*/runtime.json"):
        spec = json.loads(path.read_text())
        if runtime.startswith(spec["idPrefix"]):
            return path.parent, spec
    return None


def interpreter(runtime):
    if runtime.startswith("java"):
        return JAVA
    command = {"python": "python3", "nodejs": "node", "ruby": "ruby", "php": "php", "go": "go"}
    for prefix, name in command.items():
        if runtime.startswith(prefix):
            return shutil.which(name)
    return None


def specialize_times(data_dir):
    """The platform's own note per pooled wake: 'a warm pool server specialized in N ms' (function logs)."""
    import re
    times = {}
    for runtime in RUNTIMES:
        log = data_dir / "logs" / "default" / (name_of(runtime) + ".log")
        if log.exists():
            times[runtime] = [int(m) / 1000 for m in re.findall(r"specialized in (\d+) ms", log.read_text())]
    return times


def run(data_dir, label, extra, create):
    # the JVM's defaults (no scripts/standalone.jvm-options), as for the recorded RESULTS-coldstart.md
    platform = Platform(JAVA, JAR, TOKEN, data_dir, args=extra)
    platform.start()
    try:
        if create:
            for runtime in RUNTIMES:
                handler, code = HELLOS[runtime]
                status, payload = platform.create_function(name_of(runtime), {
                    "runtime": runtime, "handler": handler, "source": {"inline": code},
                    "scaling": {"minReplicas": 0, "maxReplicas": 1, "idleSeconds": 1}})
                assert status == 201, payload
        time.sleep(3)  # the pool fills after start
        load_before = load()
        results, timings = wakes(platform)
        deploy = deploys(platform, label)
        return results, timings, deploy, load_before + " → " + load()
    finally:
        platform.stop()


def main():
    data_dir = fresh_data_dir("coldstart")
    pooled = run(data_dir, "pool", [], create=True)
    specialized = specialize_times(data_dir)
    unpooled = run(data_dir, "nopool", ["--nubo.pool.enabled=false"], create=False)
    bare = bare_starts(data_dir)
    lines = [f"# Cold start — {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC", "",
             f"{os.cpu_count()} cores; load average (1/5/15 min) pool run {pooled[3]}, no-pool run {unpooled[3]}.",
             f"{ROUNDS} wakes per runtime and configuration (API invoke, request → first byte), {DEPLOYS} deploys.", "",
             "| runtime | wake with pool p50 / p99 ms | wake without pool p50 / p99 ms | bare process start p50 / p99 ms (n=10) |",
             "|---|---|---|---|"]
    for runtime in RUNTIMES:
        lines.append(f"| {runtime} | {ms(pooled[0][runtime])} (n={len(pooled[0][runtime])}) | "
                     f"{ms(unpooled[0][runtime])} (n={len(unpooled[0][runtime])}) | {ms(bare.get(runtime, []))} |")
    lines += ["", "| runtime | platform's specialize (link code, deps and log, memory limit, POST /_nubo/specialize) "
                  "p50 / p99 ms |", "|---|---|"]
    lines += [f"| {r} | {ms(v)} (n={len(v)}) |" for r, v in specialized.items() if v]
    lines += ["", "| deploy → first 200 through the gateway (Python, no dependencies) | p50 / p99 ms |", "|---|---|",
              f"| with pool | {ms(pooled[2])} |", f"| without pool | {ms(unpooled[2])} |", ""]
    for label, result in (("pool", pooled), ("no pool", unpooled)):
        for runtime, values in result[1].items():
            if values:
                lines.append(f"- Server-Timing {label} {runtime} (last): `{values[-1]}`")
    lines.append("")
    lines.append("Raw wake times (ms): " + json.dumps({label: {r: [round(v * 1000, 1) for v in vs]
                                                              for r, vs in result[0].items()}
                                                      for label, result in (("pool", pooled), ("nopool", unpooled))}))
    write_report(OUTPUT, lines)
    remove(data_dir)


if __name__ == "__main__":
    main()
