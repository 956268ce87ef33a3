"""A test function: what it does depends on the first path segment."""
import os
import sys
import threading
import time

GREETING_AT_IMPORT = os.environ.get("GREETING", "")
released = threading.Event()


def handler(event, context):
    request = event["extensions"]["request"]
    name = request.path.strip("/").split("/", 1)[0]
    return ROUTES.get(name, lambda e, c: "unknown path")(event, context)


def describe_event(event, context):
    fields = {k: v for k, v in event.items() if k != "extensions"}
    fields["data-type"] = type(event["data"]).__name__
    return {"event": fields, "context": context}


def describe_request(event, context):
    request = event["extensions"]["request"]
    return {
        "method": request.method,
        "path": request.path,
        "url": request.url,
        "query": dict(request.query),
        "query_all_a": request.query.getall("a"),
        "query_lists": request.query.dict,
        "query_attribute_b": request.query.b,
        "query_missing": request.query.missing,
        "header_any_case": request.headers.get("x-TEST-header"),
        "get_header": request.get_header("X-Test-Header"),
        "body_read": request.body.read().decode("latin-1"),
        "body_read_again": request.body.read().decode("latin-1"),
        "raw_body_is_bytes": isinstance(request.raw_body, bytes),
        "raw_body_length": len(request.raw_body),
        "json": request.json,
    }


def fail(event, context):
    raise ValueError("boom")


def hang(event, context):
    """Runs until /release is called (or 60 s pass): a runaway the server cannot stop."""
    released.wait(60)
    return "released late"


def release(event, context):
    released.set()
    return "released"


def sleep(event, context):
    seconds = float(event["extensions"]["request"].query.get("s", "1"))
    print("sleeping %s" % seconds, flush=True)
    time.sleep(seconds)
    return "slept"


def speak(event, context):
    print("function says hi", flush=True)
    print("function warns", file=sys.stderr, flush=True)
    return "spoke"


ROUTES = {
    "hello": lambda e, c: "hello world",
    "echo": lambda e, c: e["data"],
    "event": describe_event,
    "request": describe_request,
    "size": lambda e, c: str(len(e["data"])),
    "fail": fail,
    "exit": lambda e, c: sys.exit(3),
    "hang": hang,
    "release": release,
    "sleep": sleep,
    "speak": speak,
    "bytes": lambda e, c: b"\x00\x01\xff",
    "bytearray": lambda e, c: bytearray(b"ab"),
    "none": lambda e, c: None,
    "number": lambda e, c: 42,
    "float": lambda e, c: 2.5,
    "bool": lambda e, c: True,
    "list": lambda e, c: [1, "two", None],
    "dict": lambda e, c: {"greeting": "héllo", "n": [1, 2]},
    "unserializable": lambda e, c: {1, 2},
    "env": lambda e, c: {"at_import": GREETING_AT_IMPORT, "now": os.environ.get("GREETING", "")},
    "cwd": lambda e, c: os.getcwd(),
    "syspath": lambda e, c: sys.path[:2],
}
