"""Python runtime server vs a minimal stdlib server (run.sh). Each alternation: wrk against one, then the other."""
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT, LABEL = Path(sys.argv[1]), sys.argv[2]
SERVER = os.environ.get("SERVER", str(ROOT / "runtime-images/python/server.py"))  # another version to compare
REPS = int(os.environ.get("REPS", "3"))
DURATION = os.environ.get("DURATION", "10")
CONNECTIONS = os.environ.get("CONNECTIONS", "64")
THREADS = os.environ.get("THREADS", "2")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(command, env, cwd, log):
    port = free_port()
    process = subprocess.Popen(command, env={**env, "FUNC_PORT": str(port), "FUNC_HOST": "127.0.0.1",
                                             "PATH": os.environ["PATH"]},
                               cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/hello", timeout=1):
                return process, port
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{command} did not answer")


def wrk(port):
    out = subprocess.run(["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency",
                          f"http://127.0.0.1:{port}/hello"], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+(\S+)", out).group(1)
    p99 = re.search(r"99%\s+(\S+)", out).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, p50, p99, int(errors.group(1)) if errors else 0


def main():
    work = Path(tempfile.mkdtemp(prefix="nubo-pyspeed-"))
    code = work / "code"
    code.mkdir()
    (code / "hello.py").write_text("def handler(event, context):\n    return 'hello world'\n")
    log = open(work / "servers.log", "ab")  # a file, as the platform redirects a replica's output
    runtime, runtime_port = start(["python3", "-S", "-u", SERVER],
                                  {"MOD_NAME": "hello", "FUNC_HANDLER": "handler", "KUBELESS_INSTALL_VOLUME": str(code),
                                   "FUNC_TIMEOUT": "30"}, code, log)
    stdlib, stdlib_port = start(["python3", "-u", str(ROOT / "bench/gateway/standin_hello.py")], {}, code, log)
    try:
        wrk(runtime_port), wrk(stdlib_port)  # warm-up
        ours, theirs = [], []
        for _ in range(REPS):
            ours.append(wrk(runtime_port))
            theirs.append(wrk(stdlib_port))
        mean = lambda rows: sum(r[0] for r in rows) / len(rows)
        load = "/".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"| {LABEL} | {mean(ours):.0f} ({'/'.join(f'{r[0]:.0f}' for r in ours)}) | "
              f"{mean(theirs):.0f} ({'/'.join(f'{r[0]:.0f}' for r in theirs)}) | **{mean(ours) / mean(theirs):.2f}** | "
              f"{ours[-1][1]} / {ours[-1][2]} | {theirs[-1][1]} / {theirs[-1][2]} | "
              f"{sum(r[3] for r in ours)} | {load} |")
    finally:
        for process in (runtime, stdlib):
            process.terminate()
            process.wait()


if __name__ == "__main__":
    main()
