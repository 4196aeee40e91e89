#!/usr/bin/env python3
"""A conditional GET client on plain sockets (standard library only).

It fetches a page, keeps the validators the server gave (ETag and
Last-Modified), then asks again with If-None-Match and If-Modified-Since:
a 304 Not Modified means the kept copy is still right and no body was sent.

Run:  python3 client.py http://127.0.0.1:12000/
"""
import sys
from socket import AF_INET, SOCK_STREAM, socket
from urllib.parse import urlsplit


def fetch(host, port, path, extra_headers=()):
    """One request on its own connection; returns (status line, headers, body)."""
    client_socket = socket(AF_INET, SOCK_STREAM)
    client_socket.settimeout(10)
    client_socket.connect((host, port))
    lines = ["GET %s HTTP/1.1" % path, "Host: %s:%d" % (host, port)]
    lines += ["%s: %s" % (name, value) for name, value in extra_headers]
    lines += ["Connection: close", "", ""]
    client_socket.sendall("\r\n".join(lines).encode("latin-1"))
    data = b""
    while True:  # Connection: close, so the response ends when the server closes
        chunk = client_socket.recv(4096)
        if not chunk:
            break
        data += chunk
    client_socket.close()
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *fields = head.decode("latin-1").split("\r\n")
    headers = {}
    for field in fields:
        name, _, value = field.partition(":")
        headers[name.strip().lower()] = value.strip()
    status = int(status_line.split(" ")[1])
    if status == 304:
        body = b""  # a 304 never has a body, whatever follows
    elif "content-length" in headers:
        body = body[: int(headers["content-length"])]
    return status_line, headers, body


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: python3 client.py http://host:port/path")
    url = urlsplit(sys.argv[1])
    host, port, path = url.hostname or "127.0.0.1", url.port or 80, url.path or "/"

    status_line, headers, body = fetch(host, port, path)
    print("GET %s -> %s, body %d B" % (path, status_line, len(body)))
    etag = headers.get("etag")
    last_modified = headers.get("last-modified")
    print("  kept: ETag %s, Last-Modified %s" % (etag, last_modified))

    validators = []
    if etag:
        validators.append(("If-None-Match", etag))
    if last_modified:
        validators.append(("If-Modified-Since", last_modified))
    if not validators:
        print("  no validators: a conditional GET is impossible")
        return
    status_line, headers, new_body = fetch(host, port, path, validators)
    print("conditional GET %s -> %s, body %d B" % (path, status_line, len(new_body)))
    if status_line.split(" ")[1] == "304":
        print("  the kept copy is current: %d B not sent again" % len(body))
    else:
        print("  the page changed: new ETag %s" % headers.get("etag"))


if __name__ == "__main__":
    main()
