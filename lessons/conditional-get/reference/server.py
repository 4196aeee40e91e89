#!/usr/bin/env python3
"""A conditional GET server on plain sockets (standard library only).

GET / and HEAD / serve one HTML page with Last-Modified and ETag, and answer
304 Not Modified (no body) when the client's copy is current:
  - If-None-Match decides when present (weak comparison, a list, or *);
  - only without it, If-Modified-Since: 304 when the page's Last-Modified is
    not later than the date (an invalid date is ignored).
POST /edit makes a new version of the page. One request per connection.

Run:  python3 server.py [port]        (default 12000, or $PORT)
Try:  curl -i http://127.0.0.1:12000/
      curl -i -H 'If-None-Match: "..."' http://127.0.0.1:12000/
      curl -i -H 'If-Modified-Since: <Last-Modified>' http://127.0.0.1:12000/
      curl -I http://127.0.0.1:12000/
      curl -d '' http://127.0.0.1:12000/edit
"""
import base64
import hashlib
import os
import re
import sys
import time
from datetime import timezone
from email.utils import formatdate, parsedate_to_datetime
from socket import AF_INET, SO_REUSEADDR, SOCK_STREAM, SOL_SOCKET, socket, timeout

MAX_AGE = 2
MAX_HEAD = 16 * 1024
MAX_BODY = 64 * 1024


def http_date(seconds):
    """IMF-fixdate, e.g. Sun, 06 Nov 1994 08:49:37 GMT (whole seconds only)."""
    return formatdate(int(seconds), usegmt=True)


def parse_http_date(value):
    """Seconds since the epoch, or None when the value is not an HTTP date."""
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:  # asctime dates carry no zone: they are GMT
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp())


class Page:
    def __init__(self):
        self.version = 0
        self.edit()

    def edit(self):
        self.version += 1
        now = time.time()
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(now)) + ".%03d UTC" % (now % 1 * 1000)
        self.body = (
            "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Notice board</title></head>\n"
            "<body><h1>Notice board</h1>\n<p>Version %d, edited %s.</p>\n"
            "<form method=\"post\" action=\"/edit\"><button>Edit</button></form>\n"
            "</body></html>\n" % (self.version, stamp)
        ).encode()
        digest = hashlib.sha256(self.body).digest()
        # A strong ETag from the bytes: any change to the page changes it.
        self.etag = '"' + base64.urlsafe_b64encode(digest).decode()[:16] + '"'
        # Last-Modified has whole seconds: two edits in one second share it.
        self.last_modified = int(now)


def opaque(tag):
    """Weak comparison ignores the W/ prefix (RFC 9110 section 8.8.3.2)."""
    return tag[2:] if tag.startswith("W/") else tag


def not_modified(method, fields, page):
    """RFC 9110 section 13.2.2: If-None-Match first, If-Modified-Since only without it."""
    if method not in ("GET", "HEAD"):
        return False
    inm = fields.get("if-none-match")
    if inm is not None:
        joined = ", ".join(inm)
        if joined.strip() == "*":
            return True
        tags = re.findall(r'(?:W/)?"[^"]*"', joined)
        return any(opaque(tag) == opaque(page.etag) for tag in tags)
    ims = fields.get("if-modified-since")
    if ims is None or len(ims) != 1:
        return False
    since = parse_http_date(ims[0])
    if since is None:
        return False
    return page.last_modified <= since


def read_request(conn):
    """(method, target, fields, body) or None; fields maps lower-case names to lists of values."""
    data = b""
    while b"\r\n\r\n" not in data:
        if len(data) > MAX_HEAD:
            return None
        chunk = conn.recv(4096)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        return None
    method, target, _version = parts
    fields = {}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if not colon or not name or name != name.strip():
            return None
        fields.setdefault(name.lower(), []).append(value.strip())
    length = fields.get("content-length", ["0"])[0]
    if not length.isdigit() or int(length) > MAX_BODY:
        return None
    while len(body) < int(length):
        chunk = conn.recv(4096)
        if not chunk:
            return None
        body += chunk
    return method, target, fields, body


def respond(conn, status, reason, headers, body=b"", send_body=True):
    lines = ["HTTP/1.1 %d %s" % (status, reason), "Date: " + http_date(time.time())]
    lines += ["%s: %s" % (name, value) for name, value in headers]
    lines += ["Connection: close", "", ""]
    conn.sendall("\r\n".join(lines).encode("latin-1") + (body if send_body else b""))


def handle(conn, page):
    request = read_request(conn)
    if request is None:
        respond(conn, 400, "Bad Request", [("Content-Length", "0")])
        return
    method, target, fields, _body = request
    path = target.split("?")[0]
    if path == "/" and method in ("GET", "HEAD"):
        validators = [
            ("Last-Modified", http_date(page.last_modified)),
            ("ETag", page.etag),
            ("Cache-Control", "max-age=%d" % MAX_AGE),
        ]
        if not_modified(method, fields, page):
            # 304: the validators and freshness again, never a body.
            respond(conn, 304, "Not Modified", validators)
        else:
            headers = validators + [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(page.body))),
            ]
            # HEAD gets the very same header fields, and no body.
            respond(conn, 200, "OK", headers, page.body, send_body=(method == "GET"))
    elif path == "/edit" and method == "POST":
        page.edit()
        respond(conn, 303, "See Other", [("Location", "/"), ("Content-Length", "0")])
    elif path in ("/", "/edit"):
        allow = "GET, HEAD" if path == "/" else "POST"
        respond(conn, 405, "Method Not Allowed", [("Allow", allow), ("Content-Length", "0")])
    else:
        respond(conn, 404, "Not Found", [("Content-Length", "0")])


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("PORT", "12000"))
    page = Page()
    server_socket = socket(AF_INET, SOCK_STREAM)
    server_socket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
    server_socket.bind(("127.0.0.1", port))
    server_socket.listen(5)
    print("The server is ready at http://127.0.0.1:%d/" % port, flush=True)
    try:
        while True:
            conn, _addr = server_socket.accept()
            conn.settimeout(10)
            try:
                handle(conn, page)
            except (OSError, timeout):
                pass  # a client that vanished or stalled must not stop the server
            finally:
                conn.close()
    except KeyboardInterrupt:
        pass
    finally:
        server_socket.close()


if __name__ == "__main__":
    main()
