#!/usr/bin/env python3
"""A persistent-connection HTTP server, standard library only.

    python3 keepalive_server.py [port]        (default: $PORT, else 8080)

Every answer carries Content-Length, so the client can tell where it ends
and send its next request on the same connection. The server reads one
request after another from a connection until the request says
Connection: close, the client closes, or the connection stays idle for
IDLE_SECONDS. An HTTP/1.0 client that asks for keep-alive gets it, and the
answer says so (Connection: keep-alive); otherwise HTTP/1.0 means close.
"""

import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

IDLE_SECONDS = 5


class Handler(BaseHTTPRequestHandler):
    # HTTP/1.1: connections are persistent unless someone says close.
    protocol_version = "HTTP/1.1"
    # The socket timeout is the idle timeout: no request within it ends the connection.
    timeout = IDLE_SECONDS

    def setup(self):
        super().setup()
        self.answered = 0

    def do_GET(self):
        self.answered += 1
        body = f"GET {self.path}: answer {self.answered} on this connection\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if self.request_version == "HTTP/1.0" and not self.close_connection:
            # HTTP/1.0 keep-alive holds only if the server echoes it.
            self.send_header("Connection", "keep-alive")
            self.send_header("Keep-Alive", f"timeout={IDLE_SECONDS}")
        self.end_headers()
        self.wfile.write(body)


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("PORT", "8080"))
    host = os.environ.get("HOST", "127.0.0.1")
    server = ThreadingHTTPServer((host, port), Handler)
    print(f"keep-alive server on {host}:{port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
