"""The conformance fixture function (runtime-images/conformance/README.md), in Python."""
import os
import subprocess
import sys
import time


def handler(event, context):
    request = event["extensions"]["request"]
    first_segment = "/" + request.path.lstrip("/").split("/", 1)[0]
    route = ROUTES.get(first_segment)
    return route(event, context) if route else "unknown path"


def hello(event, context):
    return "hello world"


def echo(event, context):
    return event["data"]


def describe(event, context):
    request = event["extensions"]["request"]
    return {
        "eventId": event["event-id"],
        "eventType": event["event-type"],
        "eventTime": event["event-time"],
        "eventNamespace": event["event-namespace"],
        "functionName": context["function-name"],
        "timeout": context["timeout"],
        "runtime": context["runtime"],
        "memoryLimit": context["memory-limit"],
        "method": request.method,
        "path": request.path,
        "dataType": data_type(event["data"]),
    }


def data_type(data):
    if data is None:
        return "null"
    if isinstance(data, bool):  # before int: bool is an int in Python
        return "boolean"
    if isinstance(data, (int, float)):
        return "number"
    if isinstance(data, str):
        return "string"
    return "array" if isinstance(data, list) else "object"


def fail(event, context):
    raise RuntimeError("boom")


def print_lines(event, context):
    """Prints the body as a marker to stdout, stderr and from a child process (the function's log)."""
    marker = event["data"]
    print("stdout " + marker)
    print("stderr " + marker, file=sys.stderr)
    subprocess.run(["sh", "-c", 'echo "child $1"', "sh", marker], check=True)
    return "printed"


def hang(event, context):
    while True:
        time.sleep(0.05)


ROUTES = {
    "/hello": hello,
    "/echo": echo,
    "/describe": describe,
    "/json": lambda event, context: {"a": 1, "b": [True, None, "x"]},
    "/bytes": lambda event, context: b"\x00\x01\x02",
    "/none": lambda event, context: None,
    "/fail": fail,
    "/print": print_lines,
    "/hang": hang,
    "/size": lambda event, context: str(len(event["data"])),
    "/env": lambda event, context: os.environ.get("CONFORMANCE_GREETING", ""),
}
