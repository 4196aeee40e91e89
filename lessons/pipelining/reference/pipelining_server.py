#!/usr/bin/env python3
"""An HTTP/1.1 server that answers pipelined requests in order, standard library only.

    python3 pipelining_server.py [port]       (default: $PORT, else 8080)

GET /slow?ms=N answers after N milliseconds (1000 when not given, at most
10000); any other path answers at once with a short text naming it; POST
answers with the size of its body. A connection's requests are read one
after another from a buffered reader, so several requests that arrive in
one packet are split where each ends and answered in the order they came:
an answer never overtakes the one before it.
"""

import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

IDLE_SECONDS = 5
SLOW_DEFAULT_MS = 1000
SLOW_MAX_MS = 10000


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = IDLE_SECONDS

    def answer(self, text):
        body = text.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == "/slow":
            raw = parse_qs(url.query).get("ms", [""])[0]
            ms = int(raw) if raw.isdigit() else SLOW_DEFAULT_MS
            ms = min(ms, SLOW_MAX_MS)
            time.sleep(ms / 1000)
            self.answer(f"GET {self.path}: answered after {ms} ms\n")
        else:
            self.answer(f"GET {self.path}: this is {url.path}\n")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        self.answer(f"POST {urlsplit(self.path).path}: got {len(body)} B\n")


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("PORT", "8080"))
    host = os.environ.get("HOST", "127.0.0.1")
    server = ThreadingHTTPServer((host, port), Handler)
    print(f"pipelining server on {host}:{port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
