#!/usr/bin/env python3
"""A small shop with cookies and server-side sessions (standard library only).

Usage: python3 shop.py [port]      (default port 8000; PORT in the environment works too)

Routes, the same as sockstep's cookie-session lesson:
  GET  /        a page greeting the logged-in user, with the visit count and forms
  POST /login   form field `user`  -> 303 See Other to /
  GET  /cart    the cart
  POST /cart    form field `item`  -> 303 See Other to /
  POST /logout  deletes the session, expires the cookie -> 303 See Other to /

The browser keeps only a random session id (sid); everything else lives in
SESSIONS, in this process's memory. Ctrl-C stops it.
"""
import html
import os
import secrets
import sys
import threading
import time
from http.cookies import CookieError, SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LIFETIME_S = 1800          # the session's lifetime, and the cookie's Max-Age
MAX_SESSIONS = 10000       # a flood of cookieless requests must not eat all memory
MAX_BODY = 16 * 1024
USER_MAX, ITEM_MAX, CART_MAX = 40, 60, 50

SESSIONS = {}              # sid -> {"expires": t, "visits": n, "user": str|None, "cart": [...]}
LOCK = threading.Lock()    # ThreadingHTTPServer runs each connection in its own thread


def new_session():
    # 16 random bytes (128 bits): nobody can guess another visitor's id.
    sid = secrets.token_urlsafe(16)
    if len(SESSIONS) >= MAX_SESSIONS:
        oldest = min(SESSIONS, key=lambda k: SESSIONS[k]["expires"])
        del SESSIONS[oldest]
    SESSIONS[sid] = {"expires": time.time() + LIFETIME_S, "visits": 0, "user": None, "cart": []}
    return sid


def find_session(sid):
    """The session for a sid this server issued and that has not expired; never trust anything else."""
    if sid is None:
        return None
    session = SESSIONS.get(sid)
    if session is None:
        return None
    if session["expires"] <= time.time():
        del SESSIONS[sid]
        return None
    return session


def session_cookie(sid):
    return f"sid={sid}; Path=/; HttpOnly; SameSite=Lax; Max-Age={LIFETIME_S}"


EXPIRED_COOKIE = "sid=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"


def valid(value, limit):
    value = value.strip()
    if not value or len(value) > limit:
        return None
    if any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in value):
        return None
    return value


def page(title, body):
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(title)}</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


CART_FORM = (
    '<form method="post" action="/cart"><label>Item <input name="item" required '
    f'maxlength="{ITEM_MAX}"></label> <button type="submit">Add to cart</button></form>'
)


def home_page(session):
    user = session["user"]
    greeting = f"Hello, {html.escape(user)}!" if user else "Hello, stranger."
    if user:
        account = '<form method="post" action="/logout"><button type="submit">Log out</button></form>'
    else:
        account = (
            '<form method="post" action="/login"><label>Name <input name="user" required '
            f'maxlength="{USER_MAX}"></label> <button type="submit">Log in</button></form>'
        )
    return page(
        "shop",
        f'<h1 id="greeting">{greeting}</h1>\n'
        f'<p id="visits">Visits in this session: {session["visits"]}</p>\n'
        f'<p>Cart: {len(session["cart"])} item(s) · <a href="/cart">See the cart</a></p>\n'
        f"{account}\n{CART_FORM}",
    )


def cart_page(session):
    if session["cart"]:
        items = "<ul>\n" + "\n".join(f"<li>{html.escape(i)}</li>" for i in session["cart"]) + "\n</ul>"
    else:
        items = "<p>The cart is empty.</p>"
    return page("cart", f'<h1>Your cart</h1>\n{items}\n{CART_FORM}\n<p><a href="/">Back</a></p>')


ROUTES = {"/": ("GET", "HEAD"), "/cart": ("GET", "HEAD", "POST"), "/login": ("POST",), "/logout": ("POST",)}


class Shop(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"   # persistent connections; every response has Content-Length
    server_version = "shop.py"

    def do_GET(self):
        self.handle_route()

    def do_HEAD(self):
        self.handle_route()

    def do_POST(self):
        self.handle_route()

    def handle_route(self):
        path = urlsplit(self.path).path
        if path not in ROUTES:
            return self.respond(404, page("404", "<h1>404</h1><p>No page here.</p>"))
        if self.command not in ROUTES[path]:
            return self.respond(405, page("405", "<h1>405</h1>"), [("Allow", ", ".join(ROUTES[path]))])
        form = None
        if self.command == "POST":
            # Logout needs no form, but its body (if any) must still be read off the connection.
            form = self.read_form(need_form=path != "/logout")
            if form is None:
                return
        sid = self.sid_cookie()
        with LOCK:
            # Decide under the lock, write to the network after it.
            status, body, extra, cookie = self.route(path, form, sid)
        self.respond(status, body, extra, cookie)

    def route(self, path, form, sid):
        see_other = ("303", '<p>See <a href="/">/</a></p>')
        if path == "/logout":
            if find_session(sid) is not None:
                del SESSIONS[sid]
            return 303, page(*see_other), [("Location", "/")], EXPIRED_COOKIE
        session = find_session(sid)
        set_cookie = None
        if session is None:
            sid = new_session()
            session = SESSIONS[sid]
            set_cookie = session_cookie(sid)
        if self.command == "GET":
            session["visits"] += 1
        if path == "/login":
            user = valid(form.get("user", [""])[0], USER_MAX)
            if user is None:
                return 400, page("400", "<h1>400</h1><p>Bad name.</p>"), [], set_cookie
            if set_cookie is None:
                # A new id at login: an id seen or planted before it is worth nothing after it.
                del SESSIONS[sid]
                sid = secrets.token_urlsafe(16)
                session["expires"] = time.time() + LIFETIME_S
                SESSIONS[sid] = session
                set_cookie = session_cookie(sid)
            session["user"] = user
            return 303, page(*see_other), [("Location", "/")], set_cookie
        if path == "/cart" and self.command == "POST":
            item = valid(form.get("item", [""])[0], ITEM_MAX)
            if item is None or len(session["cart"]) >= CART_MAX:
                return 400, page("400", "<h1>400</h1><p>Bad item.</p>"), [], set_cookie
            session["cart"].append(item)
            return 303, page(*see_other), [("Location", "/")], set_cookie
        body = cart_page(session) if path == "/cart" else home_page(session)
        return 200, body, [], set_cookie

    def sid_cookie(self):
        jar = SimpleCookie()
        for header in self.headers.get_all("Cookie") or []:
            try:
                jar.load(header)
            except CookieError:
                pass   # a malformed Cookie header is the same as none
        morsel = jar.get("sid")
        return morsel.value if morsel else None

    def read_form(self, need_form=True):
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            self.respond(413 if length > MAX_BODY else 400, page("error", "<h1>Bad body</h1>"))
            return None
        data = self.rfile.read(length) if length else b""
        if need_form and ctype != "application/x-www-form-urlencoded":
            self.respond(415, page("415", "<h1>415</h1><p>Send a urlencoded form.</p>"))
            return None
        return parse_qs(data.decode("utf-8", errors="replace"), keep_blank_values=True)

    def respond(self, status, body, extra=(), cookie=None):
        data = body.encode("utf-8")
        self.send_response(status)
        for name, value in extra:
            self.send_header(name, value)
        if cookie:
            self.send_header("Set-Cookie", cookie)
            # A shared cache must never hand this cookie to someone else.
            self.send_header("Cache-Control", 'private, no-cache="Set-Cookie"')
        else:
            self.send_header("Cache-Control", "private")
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("PORT", "8000"))
    server = ThreadingHTTPServer(("127.0.0.1", port), Shop)
    print(f"shop.py listening on http://127.0.0.1:{port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
