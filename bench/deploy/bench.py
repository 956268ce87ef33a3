"""Deploy → first answer (issue 10), started by run.sh.

As a new user would: create a Python function without dependencies through the API, and as soon as the create
returns, call it through the gateway until it answers 200 (a new call 2 ms after each refusal). DEPLOYS times per
configuration (warm pool on, the default; off), each on a fresh platform. Where the time goes comes from the
controller's DEBUG timeline in the platform's log (generation stored, build started / succeeded, replica starting,
replica ready, calls routed) and from the first 200's Server-Timing.
"""
import datetime
import http.client
import json
import os
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "lib"))
from nubo_bench import (Platform, fresh_data_dir, load, percentile as pct, remove,  # noqa: E402
                        standalone_jvm_options, write_report)

JAVA, JAR = sys.argv[1], sys.argv[2]
DEPLOYS = int(os.environ.get("DEPLOYS", "20"))
CONFIGS = os.environ.get("CONFIGS", "pool nopool").split()
JVM_OPTS = standalone_jvm_options()
OUTPUT = Path(os.environ.get("OUTPUT", HERE / "RESULTS-deploy.md"))
TOKEN = "nubo_bench_deploy_token_0123456789abc"
EXTRA = {"pool": [], "nopool": ["--nubo.pool.enabled=false"]}
DEBUG_TIMELINE = ["--logging.level.dev.nubo.controller.reconcile=DEBUG",
                  "--logging.level.dev.nubo.controller.pool=DEBUG"]
EVENTS = [("stored", r"generation \d+ stored"), ("build started", r"build of generation \d+ started"),
          ("build done", r"build of generation \d+ succeeded"), ("replica starting", r"starting a replica"),
          ("replica ready", r"(specialized|started) in"), ("routed", r"calls go to")]


def call(conn, path):
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    return response.status, response.getheader("Server-Timing")


def deploy(platform, name):
    body = {"metadata": {"name": name}, "spec": {"runtime": "python3.11", "handler": "main.handler",
                                                 "source": {"inline": "def handler(event, context):\n    return 'hi'\n"}}}
    sent = time.time()
    status, payload = platform.request("POST", "/api/v1/namespaces/default/functions", body)
    assert status == 201, payload
    created = time.time()
    conn = http.client.HTTPConnection("127.0.0.1", platform.gateway_port, timeout=60)
    refused = {}
    while True:
        code, timing = call(conn, f"/default/{name}")
        if code == 200:
            answered = time.time()
            break
        refused[code] = refused.get(code, 0) + 1
        if time.time() - created > 60:
            raise RuntimeError(f"{name} did not answer within 60 s")
        time.sleep(0.002)
    conn.close()
    return {"name": name, "sent": sent, "created": created, "answered": answered, "refused": refused,
            "timing": timing}


LINE = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})(Z|[+-]\d\d:?\d\d)\s.*?(default/[\w-]+): (.*)$")


def timeline(log_path):
    """function → event → epoch seconds (the first occurrence), from the controller's DEBUG lines."""
    events = {}
    for line in log_path.read_text(errors="replace").splitlines():
        m = LINE.match(line)
        if not m:
            continue
        stamp = datetime.datetime.fromisoformat(m.group(1) + (m.group(2) if m.group(2) != "Z" else "+00:00"))
        name = m.group(3).split("/", 1)[1]
        for event, pattern in EVENTS:
            if re.search(pattern, m.group(4)):
                events.setdefault(name, {}).setdefault(event, stamp.timestamp())
    return events


def run(config):
    data_dir = fresh_data_dir("deploy")
    platform = Platform(JAVA, JAR, TOKEN, data_dir, args=[*DEBUG_TIMELINE, *EXTRA[config]], jvm_options=JVM_OPTS)
    platform.start()
    results = []
    try:
        time.sleep(5)  # the pool fills after start
        load_before = load()
        for i in range(DEPLOYS):
            results.append(deploy(platform, f"deploy-{config}-{i}"))
            platform.request("DELETE", f"/api/v1/namespaces/default/functions/deploy-{config}-{i}")
            time.sleep(1)  # the pool refills
        load_after = load()
    finally:
        platform.stop()
    events = timeline(platform.log)
    specialize = [tuple(int(v) / 1000 for v in m) for m in re.findall(
        r"specialized: links (\d+) µs, memory limit (\d+) µs, POST (\d+) µs", platform.log.read_text(errors="replace"))]
    remove(data_dir)
    return results, events, f"{load_before} → {load_after}", specialize


def ms(seconds):
    return f"{seconds * 1000:.0f}"


def main():
    lines = [f"# Deploy → first answer — {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC", "",
             f"{os.cpu_count()} cores; {DEPLOYS} deploys per configuration; Python, no dependencies.", ""]
    summary = ["| configuration | create call p50 ms | create returns → first 200 p50 / p90 / max ms | load |",
               "|---|---|---|---|"]
    phases_lines = []
    for config in CONFIGS:
        results, events, load_note, specialize = run(config)
        totals = [r["answered"] - r["created"] for r in results]
        creates = [r["created"] - r["sent"] for r in results]
        summary.append(f"| {config} | {ms(pct(creates, 50))} | {ms(pct(totals, 50))} / {ms(pct(totals, 90))} / "
                       f"{ms(max(totals))} | {load_note} |")
        # where the time goes: p50 of each step's offset from the create's return
        offsets = {e: [] for e, _ in EVENTS}
        for r in results:
            for event, at in events.get(r["name"], {}).items():
                offsets[event].append(at - r["created"])
        phases_lines += [f"### {config}: offset from the create's return (p50, ms; negative = before it returned)", "",
                         "| " + " | ".join(e for e, _ in EVENTS) + " | first 200 |",
                         "|" + "---|" * (len(EVENTS) + 1),
                         "| " + " | ".join(ms(pct(offsets[e], 50)) if offsets[e] else "—" for e, _ in EVENTS)
                         + f" | {ms(pct(totals, 50))} |", ""]
        phases_lines.append("Refusals before the 200 (summed): " + json.dumps(
            {code: sum(r["refused"].get(code, 0) for r in results) for code in {c for r in results for c in r["refused"]}}))
        phases_lines.append("")
        phases_lines.append("Server-Timing of the first 200 (last 3): " + "; ".join(
            f"`{r['timing']}`" for r in results[-3:]))
        phases_lines.append("")
        if specialize:
            phases_lines.append("The platform's specialization, p50 ms (n=%d): links %.1f, memory limit %.1f, "
                                "POST /_nubo/specialize %.1f" % (len(specialize), *(pct([x[i] for x in specialize], 50)
                                                                                   for i in range(3))))
            phases_lines.append("")
        phases_lines.append("Raw (ms): " + json.dumps([round(t * 1000) for t in totals]))
        phases_lines.append("")
    lines += summary + [""] + phases_lines
    write_report(OUTPUT, lines)


if __name__ == "__main__":
    main()
