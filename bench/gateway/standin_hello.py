"""Stand-in for the Python runtime server when it cannot start: stdlib hello with the reference's pitfall-6 settings."""
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY = b"hello world"


class Hello(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive; HTTP/1.0 closes after every response
    disable_nagle_algorithm = True

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024


Server((os.environ.get("FUNC_HOST", "127.0.0.1"), int(os.environ["FUNC_PORT"])), Hello).serve_forever()
