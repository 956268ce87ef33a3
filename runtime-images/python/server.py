"""Nubo's Python runtime server: serves one function over HTTP as docs/function-contract.md says.

Standard library only. A call runs on its connection's own thread (no hop to a worker pool: that hop cost a
third of the server's throughput); one watchdog thread answers a call exceeding FUNC_TIMEOUT with 408 on its
connection while the handler, which Python cannot stop, runs on; /healthz then reports 503 until it ends.
"""
import bisect
import importlib
import io
import json
import os
import signal
import site
import socket
import socketserver
import sys
import threading
import time
import traceback
import types
import uuid
from collections import namedtuple
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit, urlunsplit

WATCHDOG_INTERVAL = 0.05  # how often the watchdog looks for calls past their timeout while calls run
STOP_GRACE_SECONDS = 10
REFUSED_BODY_DRAIN_SECONDS = 3
MAX_LINE = 65536
MAX_HEADERS = 100  # as http.client
BUCKETS = ("0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10")
BUCKET_BOUNDS = tuple(float(b) for b in BUCKETS)

TEXT = "text/plain; charset=utf-8"
JSON = "application/json"
BYTES = "application/octet-stream"
METRICS = "text/plain; version=0.0.4; charset=utf-8"


# ---------------------------------------------------------------- responses

Response = namedtuple("Response", "status body content_type headers", defaults=((),))


def text(status, message):
    return Response(status, message.encode("utf-8"), TEXT)


def json_response(status, value):
    return Response(status, json.dumps(value).encode("utf-8"), JSON)


def error_message(error):
    return str(error) or type(error).__name__


def to_response(result):
    """Maps a handler's return value to the response the contract prescribes."""
    if result is None:
        return Response(200, b"", None)
    if isinstance(result, str):
        return Response(200, result.encode("utf-8"), TEXT)
    if isinstance(result, (bytes, bytearray, memoryview)):
        return Response(200, bytes(result), BYTES)
    body = json.dumps(result, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return Response(200, body.encode("utf-8"), JSON)


# ---------------------------------------------------------------- settings and function

class Settings:
    """The contract's environment variables that concern the server itself, read once at start."""

    def __init__(self, environ):
        self.host = environ.get("FUNC_HOST") or "0.0.0.0"
        self.port = parse_int(environ.get("FUNC_PORT") or "8080", "FUNC_PORT")
        self.timeout = parse_seconds(environ.get("FUNC_TIMEOUT") or "180", "FUNC_TIMEOUT")
        self.runtime_id = environ.get("FUNC_RUNTIME", "")
        self.memory_limit = environ.get("FUNC_MEMORY_LIMIT", "")
        self.instance_id = environ.get("NUBO_INSTANCE_ID")
        self.specialize_token = environ.get("NUBO_SPECIALIZE_TOKEN")
        self.max_body = parse_int(environ.get("NUBO_MAX_BODY_BYTES") or "16777216", "NUBO_MAX_BODY_BYTES")


def parse_int(value, name):
    try:
        number = int(value)
    except ValueError:
        raise ValueError("invalid %s: %r" % (name, value)) from None
    if number < 0:
        raise ValueError("invalid %s: %r" % (name, value))
    return number


def parse_seconds(value, name):
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise ValueError("invalid %s: %r" % (name, value)) from None
    if not 0 < seconds < float("inf"):
        raise ValueError("invalid %s: %r" % (name, value))
    return min(seconds, threading.TIMEOUT_MAX)


def format_seconds(seconds):
    return str(int(seconds)) if seconds == int(seconds) else repr(seconds)


FunctionSpec = namedtuple(
    "FunctionSpec", "code_dir deps_dir module handler name timeout runtime memory_limit env log_file source",
    defaults=(None, None))


def spec_from_environment(environ, settings):
    """The function a cold start names (MOD_NAME, FUNC_HANDLER), or None: start unspecialized."""
    module, handler = environ.get("MOD_NAME"), environ.get("FUNC_HANDLER")
    if not module or not handler:
        return None
    return FunctionSpec(
        code_dir=environ.get("KUBELESS_INSTALL_VOLUME") or "/kubeless",
        deps_dir=environ.get("NUBO_DEPS_DIR") or None,
        module=module, handler=handler,
        name=environ.get("FUNC_NAME") or module,
        timeout=settings.timeout, runtime=settings.runtime_id, memory_limit=settings.memory_limit, env={})


def spec_from_specialize_body(body, settings):
    """The function a /_nubo/specialize body names; ValueError when the body is malformed."""
    try:
        fields = json.loads(body)
    except ValueError:
        raise ValueError("body is not valid JSON") from None
    if not isinstance(fields, dict):
        raise ValueError("body must be a JSON object")
    module, _, handler = string_field(fields, "handler", required=True).rpartition(".")
    if not module or not handler:
        raise ValueError("handler must look like module.function")
    timeout = fields.get("timeout", settings.timeout)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise ValueError("timeout must be a number of seconds")
    env = fields.get("env") or {}
    if not isinstance(env, dict) or not all(isinstance(v, str) for v in env.values()):
        raise ValueError("env must map names to strings")
    return FunctionSpec(
        code_dir=string_field(fields, "codeDir", required=True),
        deps_dir=string_field(fields, "depsDir") or None,
        module=module, handler=handler,
        name=string_field(fields, "functionName") or module,
        timeout=parse_seconds(timeout, "timeout"),
        runtime=string_field(fields, "runtime") or settings.runtime_id,
        memory_limit=string_field(fields, "memoryLimit") or settings.memory_limit,
        env=env,
        log_file=string_field(fields, "logFile") or None,
        source=source_from_fields(fields))


def string_field(fields, name, required=False):
    value = fields.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value):
        raise ValueError("%s must be a%s string" % (name, " non-empty" if required else ""))
    return value


# ---------------------------------------------------------------- code from a URL (a Kubernetes warm pool pod)

SOURCE_FORMATS = ("file", "zip", "tar.gz")
SOURCE_DOWNLOAD_SECONDS = 5  # the whole download: the operator waits 10 s for the specialize answer
HEX_DIGITS = frozenset("0123456789abcdef")

Source = namedtuple("Source", "url sha256 format code_file")


def source_from_fields(fields):
    """The code to download before loading (sourceUrl …), or None; ValueError when the fields are malformed."""
    url = string_field(fields, "sourceUrl")
    if not url:
        return None
    if not url.startswith(("http://", "https://")):
        raise ValueError("sourceUrl must be an http or https URL")
    sha256 = string_field(fields, "sourceSha256").lower()
    if len(sha256) != 64 or not HEX_DIGITS.issuperset(sha256):
        raise ValueError("sourceSha256 must be the 64 hex digits of the source's SHA-256")
    source_format = string_field(fields, "sourceFormat") or "file"
    if source_format not in SOURCE_FORMATS:
        raise ValueError("sourceFormat must be one of %s" % ", ".join(SOURCE_FORMATS))
    code_file = string_field(fields, "codeFile")
    if source_format == "file" and not is_plain_file_name(code_file):
        raise ValueError("codeFile must be a plain file name (no '/' or '..') when sourceFormat is file")
    return Source(url, sha256, source_format, code_file)


def is_plain_file_name(name):
    return bool(name) and name not in (".", "..") and not any(c in name for c in ("/", "\\", "\0", ".."))


def fetch_source(source, code_dir):
    """Downloads the code, checks its SHA-256, and writes it into code_dir (created); LoadError when any of it
    fails. Nothing is written before the digest matched."""
    data = download(source.url)
    import hashlib  # here, not at start: ~20 ms a wake without sourceUrl need not pay
    actual = hashlib.sha256(data).hexdigest()
    if actual != source.sha256:
        raise LoadError("sourceUrl %s: its SHA-256 is %s, not the expected sourceSha256 %s"
                        % (source.url, actual, source.sha256))
    try:
        os.makedirs(code_dir, exist_ok=True)
        if source.format == "file":
            write_file(os.path.join(code_dir, source.code_file), data)
        elif source.format == "zip":
            unzip(data, code_dir)
        else:
            untar_gz(data, code_dir)
    except LoadError:
        raise
    except Exception as error:  # a damaged archive, a full disk: the code cannot be loaded
        raise LoadError("cannot unpack sourceUrl %s (%s) into %s: %s: %s"
                        % (source.url, source.format, code_dir, type(error).__name__, error)) from error


def download(url):
    import urllib.error
    import urllib.request
    deadline = time.monotonic() + SOURCE_DOWNLOAD_SECONDS
    chunks = []
    try:
        with urllib.request.urlopen(url, timeout=SOURCE_DOWNLOAD_SECONDS) as answer:
            while True:
                if time.monotonic() > deadline:
                    raise LoadError("cannot download sourceUrl %s: took longer than %d s"
                                    % (url, SOURCE_DOWNLOAD_SECONDS))
                chunk = answer.read(65536)
                if not chunk:
                    return b"".join(chunks)
                chunks.append(chunk)
    except urllib.error.HTTPError as error:
        raise LoadError("cannot download sourceUrl %s: HTTP %d %s" % (url, error.code, error.reason)) from None
    except urllib.error.URLError as error:
        raise LoadError("cannot download sourceUrl %s: %s" % (url, error.reason)) from None
    except (OSError, ValueError) as error:  # socket.timeout is an OSError
        raise LoadError("cannot download sourceUrl %s: %s" % (url, error or type(error).__name__)) from None


def write_file(path, data):
    temporary = path + ".part"
    with open(temporary, "wb") as out:
        out.write(data)
    os.replace(temporary, path)


def safe_entry_name(name):
    """An archive entry's name if it stays inside the code dir (relative, no '..' part), else LoadError."""
    parts = name.replace("\\", "/").split("/")
    if name.startswith("/") or ".." in parts or "\0" in name or not name.strip("/"):
        raise LoadError("unsafe path in the source archive: %r (absolute or with '..')" % name)
    return name


def unzip(data, code_dir):
    import zipfile
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
        for entry in entries:
            safe_entry_name(entry.filename)
            if (entry.external_attr >> 16) & 0o170000 == 0o120000:
                raise LoadError("the source archive holds a symbolic link: %s" % entry.filename)
        archive.extractall(code_dir, entries)


def untar_gz(data, code_dir):
    import tarfile
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        entries = archive.getmembers()
        for entry in entries:
            safe_entry_name(entry.name)
            if not (entry.isfile() or entry.isdir()):
                raise LoadError("the source archive holds %s, not a file or directory: links and devices are "
                                "refused" % entry.name)
        # Python 3.12+ asks for a filter; "data" repeats the checks above (and drops odd permissions)
        extra = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        archive.extractall(code_dir, entries, **extra)


class Function:
    """A loaded handler and the context it is called with."""

    def __init__(self, handler, spec):
        self.handler = handler
        self.timeout = spec.timeout
        self.context = {
            "function-name": spec.name,
            "timeout": format_seconds(spec.timeout),
            "runtime": spec.runtime,
            "memory-limit": spec.memory_limit,
        }

    def call(self, event):
        """Runs on a worker thread; never raises: a failure becomes a 500 response."""
        try:
            result = self.handler(event, dict(self.context))
            if isinstance(result, types.CoroutineType):  # an `async def` handler
                import asyncio
                result = asyncio.run(result)
            return to_response(result)
        except BaseException as error:  # SystemExit too: it must not end the worker silently
            traceback.print_exc()
            return text(500, "Error: " + error_message(error))


class LoadError(Exception):
    pass


def load_function(spec):
    """Imports the handler's module from the code dir, with the dependencies first on sys.path."""
    name = "%s.%s" % (spec.module, spec.handler)
    directories = [d for d in (spec.deps_dir, spec.code_dir) if d]
    put_first_on_path(directories)
    for directory in directories:  # a pool server looked for them at start, before they existed: look again
        sys.path_importer_cache.pop(directory, None)
    if spec.deps_dir:
        site.addsitedir(spec.deps_dir)  # runs the .pth files some packages install
    taken_by = loaded_elsewhere(spec.module, spec.code_dir)
    if taken_by:
        raise LoadError("cannot load %s: the module name %r is taken by Python's own module; rename %s.py"
                        % (name, taken_by, taken_by))
    try:
        module = importlib.import_module(spec.module)
    except BaseException as error:  # SystemExit too
        traceback.print_exc()
        raise LoadError("cannot load %s: %s: %s" % (name, type(error).__name__, error)) from error
    handler = getattr(module, spec.handler, None)
    if not callable(handler):
        raise LoadError("cannot load %s: module %s has no function %s" % (name, spec.module, spec.handler))
    return Function(handler, spec)


def put_first_on_path(directories):
    for directory in reversed(directories):
        while directory in sys.path:
            sys.path.remove(directory)
        sys.path.insert(0, directory)


def loaded_elsewhere(module, code_dir):
    """The top-level name of `module` when the server already imported a module of that name from outside
    the code dir (a function file json.py would never be found), else None."""
    top = module.partition(".")[0]
    loaded = sys.modules.get(top)
    if loaded is not None and not is_inside(getattr(loaded, "__file__", None), code_dir):
        return top
    return None


def is_inside(path, directory):
    if not path:
        return False
    directory = os.path.realpath(directory)
    return os.path.realpath(path).startswith(directory + os.sep)


def apply_environment(spec):
    """Makes a specialized function see the environment a cold start would give it (without the pool's token)."""
    os.environ.pop("NUBO_SPECIALIZE_TOKEN", None)
    os.environ.update(spec.env)
    os.environ.update({
        "MOD_NAME": spec.module, "FUNC_HANDLER": spec.handler, "FUNC_NAME": spec.name,
        "FUNC_TIMEOUT": format_seconds(spec.timeout), "FUNC_RUNTIME": spec.runtime,
        "FUNC_MEMORY_LIMIT": spec.memory_limit, "KUBELESS_INSTALL_VOLUME": spec.code_dir,
    })
    if spec.deps_dir:
        os.environ["NUBO_DEPS_DIR"] = spec.deps_dir


def enter_code_dir(spec):
    """A cold start runs in the code dir: a function's relative paths must work alike after specializing."""
    try:
        os.chdir(spec.code_dir)
    except OSError as error:
        raise LoadError("cannot load %s.%s: code dir %s: %s"
                        % (spec.module, spec.handler, spec.code_dir, error.strerror)) from error
    if "PWD" in os.environ:  # set by whoever started the server in its first directory (the sandbox)
        os.environ["PWD"] = spec.code_dir


class OutputRedirect:
    """Points this process's stdout and stderr (fds 1 and 2, so child processes too) at the function's log: a
    pooled server was started before it knew its function, so its output went elsewhere until now."""

    def __init__(self, log_file):
        self._saved = None
        if not log_file:
            return
        try:
            target = os.open(log_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as error:
            raise LoadError("cannot open log file %s: %s" % (log_file, error.strerror)) from error
        sys.stdout.flush()
        sys.stderr.flush()
        self._saved = (os.dup(1), os.dup(2))
        os.dup2(target, 1)
        os.dup2(target, 2)
        os.close(target)

    def keep(self):
        if self._saved:
            for fd in self._saved:
                os.close(fd)
            self._saved = None

    def undo(self):
        if self._saved:
            sys.stdout.flush()
            sys.stderr.flush()
            for fd, saved in zip((1, 2), self._saved):
                os.dup2(saved, fd)
                os.close(saved)
            self._saved = None


def specialize_or_roll_back(spec):
    """Loads the function into this process; when that fails, the process is left as it was."""
    saved_env, saved_path, saved_cwd = dict(os.environ), list(sys.path), os.getcwd()
    saved_modules = set(sys.modules)
    output = OutputRedirect(spec.log_file)  # first: what loading the code prints is the function's too
    try:
        apply_environment(spec)
        enter_code_dir(spec)
        function = load_function(spec)
        output.keep()
        return function
    except BaseException:
        output.undo()
        os.environ.clear()
        os.environ.update(saved_env)
        sys.path[:] = saved_path
        os.chdir(saved_cwd)
        dirs = [d for d in (spec.code_dir, spec.deps_dir) if d]
        for name in set(sys.modules) - saved_modules:
            if any(is_inside(getattr(sys.modules[name], "__file__", None), d) for d in dirs):
                del sys.modules[name]
        raise


# ---------------------------------------------------------------- calls, metrics, health

class MethodStats:
    """The counts of one HTTP method."""

    def __init__(self):
        self.calls = 0
        self.failures = 0
        self.seconds = 0.0
        self.per_bucket = [0] * (len(BUCKETS) + 1)  # not cumulative; the last one is +Inf


class Metrics:
    """The contract's three families per HTTP method; updated from many threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self._methods = {}

    def record(self, method, seconds, failed):
        bucket = bisect.bisect_left(BUCKET_BOUNDS, seconds)  # the first bound >= seconds; len(BUCKETS) is +Inf
        with self._lock:
            stats = self._methods.get(method)
            if stats is None:
                stats = self._methods[method] = MethodStats()
            stats.calls += 1
            stats.failures += 1 if failed else 0
            stats.seconds += seconds
            stats.per_bucket[bucket] += 1

    def render(self):
        with self._lock:
            snapshot = [(m, s.calls, s.failures, s.seconds, list(s.per_bucket))
                        for m, s in sorted(self._methods.items())]
        calls = ["# HELP function_calls_total Number of calls to the function.",
                 "# TYPE function_calls_total counter"]
        failures = ["# HELP function_failures_total Number of calls that failed (status 500 or 408).",
                    "# TYPE function_failures_total counter"]
        durations = ["# HELP function_duration_seconds Duration of calls to the function.",
                     "# TYPE function_duration_seconds histogram"]
        for method, count, failed, seconds, per_bucket in snapshot:
            label = 'method="%s"' % method
            calls.append("function_calls_total{%s} %d" % (label, count))
            failures.append("function_failures_total{%s} %d" % (label, failed))
            cumulative = 0
            for le, in_bucket in zip(BUCKETS + ("+Inf",), per_bucket):
                cumulative += in_bucket
                durations.append('function_duration_seconds_bucket{%s,le="%s"} %d' % (label, le, cumulative))
            durations.append("function_duration_seconds_sum{%s} %r" % (label, seconds))
            durations.append("function_duration_seconds_count{%s} %d" % (label, count))
        return "\n".join(calls + failures + durations) + "\n"


class Invoker:
    """Runs calls on the calling thread, counts them, and answers those that outlive their timeout.

    Whoever takes a call out of `_running` answers it: the calling thread when the handler returns in time, the
    watchdog at the deadline (dict.pop is atomic, so exactly one of them does). A call the watchdog answered is a
    runaway until its handler returns."""

    def __init__(self):
        self.metrics = Metrics()
        self._running = {}  # call id -> (deadline, method, started, answer_timeout)
        self._runaways = set()
        self._lock = threading.Lock()
        self._answering = threading.Lock()  # held by the watchdog from taking a call until its 408 is sent
        self._wake = threading.Event()
        self._watching = False
        self._ids = iter(range(1, 1 << 62)).__next__
        threading.Thread(target=self._watch, name="watchdog", daemon=True).start()

    def invoke(self, function, event, method, answer_timeout):
        """The response for the calling thread to send, or None when the watchdog already answered 408 (through
        `answer_timeout(response)`, on its own thread) because the handler ran past its timeout."""
        started = time.monotonic()
        call = self._ids()
        self._running[call] = (started + function.timeout, method, started, answer_timeout)
        if not self._watching:
            self._wake.set()
        response = function.call(event)
        if self._running.pop(call, None) is None:
            with self._answering:
                pass  # the watchdog took it: let its 408 go out before this thread closes the connection
            with self._lock:
                self._runaways.discard(call)
            return None
        self.metrics.record(method, time.monotonic() - started, failed=response.status in (408, 500))
        return response

    def runaway_count(self):
        with self._lock:
            return len(self._runaways)

    def _watch(self):
        while True:
            self._watching = False
            if not self._running:
                self._wake.wait()
            self._wake.clear()
            self._watching = True
            time.sleep(WATCHDOG_INTERVAL)
            now = time.monotonic()
            for call, (deadline, _, _, _) in list(self._running.items()):
                if deadline <= now:
                    self._time_out(call)

    def _time_out(self, call):
        with self._answering:
            entry = self._running.pop(call, None)
            if entry is None:
                return  # it returned just now: its own thread answers
            _, method, started, answer_timeout = entry
            with self._lock:
                self._runaways.add(call)
            self.metrics.record(method, time.monotonic() - started, failed=True)
            try:
                answer_timeout(text(408, "Timeout exceeded"))
            except Exception:  # the client went away: nothing to answer
                pass


class InFlight:
    """Counts requests being answered, so a stop can wait for them."""

    def __init__(self):
        self._count = 0
        self._changed = threading.Condition()
        self._waiting = False  # only a stop waits: no notify per request otherwise

    def __enter__(self):
        with self._changed:
            self._count += 1

    def __exit__(self, *exc_info):
        with self._changed:
            self._count -= 1
            if self._waiting:
                self._changed.notify_all()

    def wait_idle(self, seconds, still_running=lambda: 0):
        """Waits until the only requests left are `still_running()` runaways (their handlers never end)."""
        with self._changed:
            self._waiting = True
            return self._changed.wait_for(lambda: self._count <= still_running(), timeout=seconds)


class Runtime:
    """The server's state: the function (once loaded), the calls, health and specialization."""

    def __init__(self, settings):
        self.settings = settings
        self.function = None
        self.load_error = None  # why loading the function named at start failed
        self.invoker = Invoker()
        self.in_flight = InFlight()
        self.stopping = False
        self._specialize_lock = threading.Lock()

    def load_at_start(self, spec):
        try:
            self.function = load_function(spec)
        except LoadError as error:
            self.load_error = str(error)

    def call(self, method, event, answer_timeout):
        if self.load_error:
            return text(503, "Error: " + self.load_error)
        function = self.function
        if function is None:
            return text(503, "Error: not specialized")
        return self.invoker.invoke(function, event, method, answer_timeout)

    def health(self):
        reason = self._unhealthy_reason()
        response = text(503, "unhealthy: " + reason) if reason else text(200, "ok")
        instance_id = self.settings.instance_id
        return response._replace(headers=(("Nubo-Instance", instance_id),) if instance_id else ())

    def _unhealthy_reason(self):
        if self.load_error:
            return self.load_error
        runaways = self.invoker.runaway_count()
        if runaways:
            return "%d timed-out call%s still running" % (runaways, "" if runaways == 1 else "s")
        return None

    def specialize(self, token, body):
        if not self._token_matches(token):
            return json_response(403, {"error": "missing or wrong Nubo-Specialize-Token"})
        with self._specialize_lock:
            if self.function is not None or self.load_error is not None:
                return json_response(409, {"error": "already specialized"})
            try:
                spec = spec_from_specialize_body(body, self.settings)
            except ValueError as error:
                return json_response(400, {"error": str(error)})
            try:
                if spec.source:
                    fetch_source(spec.source, spec.code_dir)
                self.function = specialize_or_roll_back(spec)
            except LoadError as error:
                return json_response(500, {"error": str(error)})
        return json_response(200, {"specialized": True})

    def _token_matches(self, token):
        expected = self.settings.specialize_token
        if not expected:
            return True
        # hmac.compare_digest itself, without importing hmac (and hashlib, OpenSSL: ~20 ms on the wake's path)
        from _operator import _compare_digest
        return _compare_digest((token or "").encode("utf-8"), expected.encode("utf-8"))


# ---------------------------------------------------------------- the request a function sees

class Query(dict):
    """Query parameters, like bottle's request.query: q['a'] and q.get('a') give the last value,
    q.getall('a') every value, q.a the value or ''. q.dict maps each name to its list of values."""

    def __init__(self, query_string):
        self.dict = parse_qs(query_string, keep_blank_values=True)
        super().__init__((name, values[-1]) for name, values in self.dict.items())

    def getall(self, name):
        return list(self.dict.get(name, ()))

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self.get(name, "")


class Request:
    """event['extensions']['request'], shaped like the bottle request Kubeless gave Python functions."""

    def __init__(self, method, target, headers, raw_body, json_body, remote_addr):
        parts = urlsplit(target)
        self.method = method
        self.path = unquote(parts.path) or "/"
        self.query_string = parts.query
        self.query = Query(parts.query)
        self.headers = headers  # Headers: .get(name) ignores case, as http.client.HTTPMessage
        self.raw_body = raw_body
        self.json = json_body  # the parsed body for a JSON media type, else None
        self.remote_addr = remote_addr
        scheme = headers.get("X-Forwarded-Proto") or "http"
        host = headers.get("X-Forwarded-Host") or headers.get("Host") or "localhost"
        self.url = urlunsplit((scheme, host, parts.path or "/", parts.query, ""))
        self._body_file = None

    @property
    def GET(self):  # bottle's name for the query
        return self.query

    @property
    def body(self):
        """The body as a file, rewound on every access (bottle: request.body.read())."""
        if self._body_file is None:
            self._body_file = io.BytesIO(self.raw_body)
        self._body_file.seek(0)
        return self._body_file

    @property
    def content_type(self):
        return self.headers.get("Content-Type", "")

    @property
    def content_length(self):
        return len(self.raw_body)

    def get_header(self, name, default=None):
        return self.headers.get(name, default)

    def __repr__(self):
        return "<Request %s %s>" % (self.method, self.url)


def is_json_media_type(content_type):
    media_type = content_type.partition(";")[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


def parse_body(raw_body, content_type):
    """event['data'] and request.json; ValueError for a JSON media type with a body that is not JSON."""
    if not is_json_media_type(content_type):
        return raw_body.decode("utf-8", errors="replace"), None
    if not raw_body.strip():
        return None, None  # as Kubeless (bottle) did for an empty JSON body
    data = json.loads(raw_body)
    return data, data


def build_event(request, data):
    header = request.headers.get
    return {
        "data": data,
        "event-id": header("event-id") or header("ce-id") or str(uuid.uuid4()),
        "event-type": header("event-type") or header("ce-type") or header("content-type") or "",
        "event-time": header("event-time") or header("ce-time") or rfc3339_now(),
        "event-namespace": header("event-namespace") or header("ce-source") or "",
        "extensions": {"request": request},
    }


_second = [None, ""]  # the last whole second formatted, shared by all threads (a stale read only formats again)


def rfc3339_now():
    """The time as 2026-03-02T10:05:00.123Z; the date and time of day are formatted once per second."""
    now = time.time()
    second = int(now)
    cached = _second
    if cached[0] != second:
        cached = _second[:] = [second, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))]
    return "%s.%03dZ" % (cached[1], int((now - second) * 1000))


def log_line(line):
    sys.stdout.write(line + "\n")  # one write per line, so lines of parallel calls do not mix
    sys.stdout.flush()


# ---------------------------------------------------------------- HTTP

class Headers:
    """A request's header fields, read without the email parser that http.server uses (that parser was about a
    fifth of a hello call). Behaves like http.client.HTTPMessage for what functions use: get/[]/in ignore case
    and give the first field of a name; items/keys/values/get_all keep the order and repeats."""

    __slots__ = ("_fields", "_first")

    def __init__(self, fields):
        self._fields = fields
        first = {}
        for name, value in fields:
            first.setdefault(name.lower(), value)
        self._first = first

    @classmethod
    def read(cls, rfile):
        """Reads fields up to the empty line; ValueError when a line is too long or there are too many."""
        fields = []
        while True:
            line = rfile.readline(MAX_LINE + 1)
            if len(line) > MAX_LINE:
                raise ValueError("header line too long")
            if line in (b"\r\n", b"\n", b""):
                return cls(fields)
            if len(fields) >= MAX_HEADERS:
                raise ValueError("more than %d header fields" % MAX_HEADERS)
            text = line.decode("iso-8859-1")
            if text[0] in " \t" and fields:  # an obsolete folded continuation of the previous field
                name, value = fields[-1]
                fields[-1] = (name, value + " " + text.strip())
                continue
            name, _, value = text.partition(":")
            fields.append((name.strip(), value.strip()))

    def get(self, name, default=None):
        return self._first.get(name.lower(), default)

    def __getitem__(self, name):
        return self._first.get(name.lower())

    def __contains__(self, name):
        return name.lower() in self._first

    def get_all(self, name, failobj=None):
        wanted = name.lower()
        values = [value for field, value in self._fields if field.lower() == wanted]
        return values or failobj

    def items(self):
        return list(self._fields)

    def keys(self):
        return [name for name, _ in self._fields]

    def values(self):
        return [value for _, value in self._fields]

    def __iter__(self):
        return iter(self.keys())

    def __len__(self):
        return len(self._fields)

    def __str__(self):
        return "".join("%s: %s\n" % field for field in self._fields) + "\n"

    as_string = __str__

    def __repr__(self):
        return "<Headers %r>" % (self._fields,)


class BodyError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def health_route(runtime, handler, body):
    return runtime.health()


def metrics_route(runtime, handler, body):
    return Response(200, runtime.invoker.metrics.render().encode("utf-8"), METRICS)


def specialize_route(runtime, handler, body):
    return runtime.specialize(handler.headers.get("Nubo-Specialize-Token"), body)


ROUTES = {
    ("GET", "/healthz"): health_route, ("HEAD", "/healthz"): health_route,
    ("GET", "/metrics"): metrics_route, ("HEAD", "/metrics"): metrics_route,
    ("POST", "/_nubo/specialize"): specialize_route,
}
# polled all the time: logging them would bury the calls; specialize belongs to the platform, not the function's log
UNLOGGED_PATHS = ("/healthz", "/metrics", "/_nubo/specialize")


class RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: HTTP/1.0 closes the connection after every response
    disable_nagle_algorithm = True
    timeout = 65  # an idle keep-alive connection (or a vanished client) frees its thread after this
    wbufsize = 64 * 1024  # headers and a small body leave in one send; flushed after each response

    def do_GET(self):
        self._serve()

    do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET

    def version_string(self):
        return "nubo-python"

    def log_request(self, code="-", size="-"):
        pass  # _serve writes the contract's log line instead

    def parse_request(self):
        """The request line and header fields. A plain HTTP/1.x request line is read here, its fields by Headers;
        anything else goes to http.server's own parsing, which answers the errors."""
        words = self.raw_requestline.split()
        if len(words) != 3 or words[2] not in (b"HTTP/1.1", b"HTTP/1.0"):
            return super().parse_request()
        self.requestline = self.raw_requestline.decode("iso-8859-1").rstrip("\r\n")
        self.command, path, self.request_version = (word.decode("iso-8859-1") for word in words)
        self.path = "/" + path.lstrip("/") if path.startswith("//") else path
        self.close_connection = self.request_version == "HTTP/1.0"
        try:
            self.headers = Headers.read(self.rfile)
        except ValueError as error:
            self.close_connection = True
            self.send_error(431, "Request Header Fields Too Large", str(error))
            return False
        connection = self.headers.get("Connection", "").lower()
        if connection == "close":
            self.close_connection = True
        elif connection == "keep-alive":
            self.close_connection = False
        if (self.headers.get("Expect", "").lower() == "100-continue" and self.request_version == "HTTP/1.1"
                and not self.handle_expect_100()):
            return False
        return True

    def handle_expect_100(self):
        if self._declared_length() > self.server.runtime.settings.max_body:
            return True  # answer 413 at once instead of asking for a body we refuse
        return super().handle_expect_100()

    def _serve(self):
        runtime = self.server.runtime
        started = time.monotonic()
        path = urlsplit(self.path).path or "/"
        with runtime.in_flight:
            response = self._respond(runtime, path, started)
            if response is None:  # timed out: the watchdog answered and closed the connection
                self.close_connection = True
                return
            if runtime.stopping:
                self.close_connection = True
            self._send(response)
            self.wfile.flush()
        if response.status == 413:
            self._drain_refused_body()
        if path not in UNLOGGED_PATHS:
            self._log(path, response.status, started)

    def _log(self, path, status, started):
        millis = (time.monotonic() - started) * 1000
        log_line("%s %s %s %d %dms" % (rfc3339_now(), self.command, path, status, millis))

    def _answer_timeout(self, path, started):
        """The watchdog's way to answer this call (on its thread): the handler still runs on this connection's
        thread, so the connection closes after the answer, and the client's next call comes on a new one."""
        def answer(response):
            self.close_connection = True
            self._send(response)
            self.wfile.flush()
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self._log(path, response.status, started)
        return answer

    def _respond(self, runtime, path, started):
        try:
            raw_body = self._read_body(runtime.settings.max_body)
        except BodyError as error:
            self.close_connection = True  # the rest of the body is still on the wire
            return text(error.status, "Error: " + str(error))
        route = ROUTES.get((self.command, path))
        if route is not None:
            return route(runtime, self, raw_body)
        content_type = self.headers.get("Content-Type", "")
        try:
            data, json_body = parse_body(raw_body, content_type)
        except ValueError:
            return text(400, "Error: invalid JSON body")
        request = Request(self.command, self.path, self.headers, raw_body, json_body, self.client_address[0])
        return runtime.call(self.command, build_event(request, data), self._answer_timeout(path, started))

    def _drain_refused_body(self):
        """Reads and drops what the client still sends, for a while: closing a socket with unread data
        resets the connection, and a client still sending would never see the 413."""
        try:
            self.connection.shutdown(socket.SHUT_WR)
            deadline = time.monotonic() + REFUSED_BODY_DRAIN_SECONDS
            while time.monotonic() < deadline:
                self.connection.settimeout(max(deadline - time.monotonic(), 0.001))
                if not self.connection.recv(65536):
                    break
        except OSError:
            pass  # the client gave up or the time is over: the connection closes either way

    def _send(self, response):
        self.send_response(response.status)
        if response.content_type:
            self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers:
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        elif self.request_version == "HTTP/1.0":
            self.send_header("Connection", "keep-alive")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def _declared_length(self):
        try:
            return int(self.headers.get("Content-Length", "0"))
        except ValueError:
            return 0

    def _read_body(self, limit):
        if self.headers.get("Transfer-Encoding"):
            if self.headers["Transfer-Encoding"].strip().lower() != "chunked":
                raise BodyError(400, "unsupported Transfer-Encoding")
            return self._read_chunked(limit)
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        try:
            size = int(length)
        except ValueError:
            raise BodyError(400, "invalid Content-Length") from None
        if size < 0:
            raise BodyError(400, "invalid Content-Length")
        if size > limit:
            raise BodyError(413, "request body larger than %d bytes" % limit)
        return self._read_exactly(size)

    def _read_chunked(self, limit):
        chunks, total = [], 0
        while True:
            size_field = self.rfile.readline(MAX_LINE).split(b";", 1)[0].strip()
            try:
                size = int(size_field, 16)
            except ValueError:
                raise BodyError(400, "invalid chunked body") from None
            if size < 0:
                raise BodyError(400, "invalid chunked body")
            if size == 0:
                break
            total += size
            if total > limit:
                raise BodyError(413, "request body larger than %d bytes" % limit)
            chunks.append(self._read_exactly(size))
            if self.rfile.readline(MAX_LINE).strip():
                raise BodyError(400, "invalid chunked body")
        while self.rfile.readline(MAX_LINE).strip():
            pass  # trailer fields: not used
        return b"".join(chunks)

    def _read_exactly(self, size):
        data = self.rfile.read(size)
        if len(data) < size:
            raise BodyError(400, "incomplete request body")
        return data


class Server(ThreadingHTTPServer):
    daemon_threads = True  # a stuck connection must not keep the process alive
    request_queue_size = 1024  # the listen backlog; socketserver's 5 drops connections in bursts

    def __init__(self, runtime):
        self.runtime = runtime
        host = runtime.settings.host
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, runtime.settings.port), RequestHandler)

    def server_bind(self):
        # HTTPServer.server_bind looks up the host's FQDN: a DNS query that can stall the start.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client going away is no error
            super().handle_error(request, client_address)


# ---------------------------------------------------------------- start and stop

class StopSignal:
    """Waits for SIGTERM or SIGINT. The kernel may deliver the signal to any thread, and Python runs its
    handler only when the main thread next executes bytecode; the wakeup fd is written by the signal
    itself, so the main thread, blocked reading it, wakes at once."""

    def __init__(self):
        self._read_fd, write_fd = os.pipe()
        os.set_blocking(write_fd, False)
        signal.set_wakeup_fd(write_fd)
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda signum, frame: None)  # a Python handler: the default would kill

    def wait(self):
        os.read(self._read_fd, 1)


def drop_runtime_dir_from_path():
    """Python put this file's folder first on sys.path; the function must not import the runtime's files."""
    here = os.path.dirname(os.path.realpath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.realpath(p or ".") != here]


def stop_accepting(server):
    """Closes the listening socket; connections already accepted are served on."""
    waiter = threading.Thread(target=server.shutdown)  # returns once serve_forever has ended
    waiter.start()
    try:
        server.socket.shutdown(socket.SHUT_RDWR)  # Linux: wakes serve_forever's select now, not at its next poll
    except OSError:
        pass  # other systems refuse this on a listening socket; serve_forever then ends within 0.5 s
    waiter.join()
    server.server_close()


def main():
    try:
        settings = Settings(os.environ)
    except ValueError as error:
        sys.stderr.write("nubo: %s\n" % error)
        return 2
    stop = StopSignal()
    drop_runtime_dir_from_path()
    runtime = Runtime(settings)
    spec = spec_from_environment(os.environ, settings)
    if spec is not None:
        runtime.load_at_start(spec)
    server = Server(runtime)  # listening from here on
    state = "%s.%s" % (spec.module, spec.handler) if spec else "unspecialized"
    log_line("nubo python runtime listening on %s:%d (%s)" % (settings.host, server.server_port, state))
    threading.Thread(target=server.serve_forever, name="http", daemon=True).start()
    stop.wait()
    runtime.stopping = True
    stop_accepting(server)
    if not runtime.in_flight.wait_idle(STOP_GRACE_SECONDS, runtime.invoker.runaway_count):
        log_line("nubo: stopping with calls still in flight after %ds" % STOP_GRACE_SECONDS)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # worker threads of timed-out calls would keep a normal exit waiting forever


if __name__ == "__main__":
    sys.exit(main())
