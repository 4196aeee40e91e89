// A small shop with cookies and server-side sessions, with Go's net/http.
//
// Build: go build shop.go
// Usage: ./shop [port]      (default: $PORT, else 8000)
//
// Routes, the same as sockstep's cookie-session lesson:
//
//	GET  /        a page greeting the logged-in user, with the visit count and forms
//	POST /login   form field `user`  -> 303 See Other to /
//	GET  /cart    the cart
//	POST /cart    form field `item`  -> 303 See Other to /
//	POST /logout  deletes the session, expires the cookie -> 303 See Other to /
//
// The browser keeps only a random session id (sid); everything else lives in
// sessions, in this process's memory.
package main

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"html"
	"log"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

const (
	lifetime    = 30 * time.Minute // the session's lifetime, and the cookie's Max-Age
	maxSessions = 10000            // a flood of cookieless requests must not eat all memory
	maxBody     = 16 * 1024
	userMax     = 40
	itemMax     = 60
	cartMax     = 50
)

type session struct {
	expires time.Time
	visits  int
	user    string
	cart    []string
}

var (
	sessions = map[string]*session{}
	// net/http serves each connection in its own goroutine.
	mu sync.Mutex
)

// newID is 16 random bytes (128 bits): nobody can guess another visitor's id.
func newID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		log.Fatal(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func newSession() (string, *session) {
	if len(sessions) >= maxSessions {
		oldest := ""
		for sid, s := range sessions {
			if oldest == "" || s.expires.Before(sessions[oldest].expires) {
				oldest = sid
			}
		}
		delete(sessions, oldest)
	}
	sid := newID()
	s := &session{expires: time.Now().Add(lifetime)}
	sessions[sid] = s
	return sid, s
}

// findSession returns the session for a sid this server issued and that has not expired; never trust anything else.
func findSession(sid string) *session {
	s := sessions[sid]
	if s == nil {
		return nil
	}
	if !s.expires.After(time.Now()) {
		delete(sessions, sid)
		return nil
	}
	return s
}

// sessionCookie carries the id only: HttpOnly keeps scripts away from it, SameSite keeps
// other sites' forms from sending it, Max-Age ends it with the session.
func sessionCookie(sid string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name: "sid", Value: sid, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, MaxAge: maxAge,
	}
}

func valid(value string, limit int) (string, bool) {
	value = strings.TrimSpace(value)
	if value == "" || len([]rune(value)) > limit {
		return "", false
	}
	for _, c := range value {
		if c < 0x20 || (c >= 0x7f && c <= 0x9f) {
			return "", false
		}
	}
	return value, true
}

func page(title, body string) string {
	return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
		html.EscapeString(title) + "</title>\n</head>\n<body>\n" + body + "\n</body>\n</html>\n"
}

var cartForm = fmt.Sprintf(`<form method="post" action="/cart"><label>Item <input name="item" required `+
	`maxlength="%d"></label> <button type="submit">Add to cart</button></form>`, itemMax)

func homePage(s *session) string {
	greeting := "Hello, stranger."
	account := fmt.Sprintf(`<form method="post" action="/login"><label>Name <input name="user" required `+
		`maxlength="%d"></label> <button type="submit">Log in</button></form>`, userMax)
	if s.user != "" {
		greeting = "Hello, " + html.EscapeString(s.user) + "!"
		account = `<form method="post" action="/logout"><button type="submit">Log out</button></form>`
	}
	return page("shop", fmt.Sprintf("<h1 id=\"greeting\">%s</h1>\n<p id=\"visits\">Visits in this session: %d</p>\n"+
		"<p>Cart: %d item(s) · <a href=\"/cart\">See the cart</a></p>\n%s\n%s",
		greeting, s.visits, len(s.cart), account, cartForm))
}

func cartPage(s *session) string {
	items := "<p>The cart is empty.</p>"
	if len(s.cart) > 0 {
		var b strings.Builder
		b.WriteString("<ul>\n")
		for _, item := range s.cart {
			b.WriteString("<li>" + html.EscapeString(item) + "</li>\n")
		}
		b.WriteString("</ul>")
		items = b.String()
	}
	return page("cart", "<h1>Your cart</h1>\n"+items+"\n"+cartForm+"\n<p><a href=\"/\">Back</a></p>")
}

// reply is what a route decided, written to the network after the lock is released.
type reply struct {
	status int
	body   string
	cookie *http.Cookie
}

var routes = map[string][]string{
	"/": {"GET", "HEAD"}, "/cart": {"GET", "HEAD", "POST"}, "/login": {"POST"}, "/logout": {"POST"},
}

func route(r *http.Request, sid string) reply {
	seeOther := page("303", `<p>See <a href="/">/</a></p>`)
	mu.Lock()
	defer mu.Unlock()
	if r.URL.Path == "/logout" {
		if findSession(sid) != nil {
			delete(sessions, sid)
		}
		// Max-Age=0 tells the browser to drop its copy now.
		return reply{http.StatusSeeOther, seeOther, sessionCookie("", -1)}
	}
	var cookie *http.Cookie
	s := findSession(sid)
	if s == nil {
		sid, s = newSession()
		cookie = sessionCookie(sid, int(lifetime.Seconds()))
	}
	if r.Method == http.MethodGet {
		s.visits++
	}
	switch {
	case r.URL.Path == "/login":
		user, ok := valid(r.PostFormValue("user"), userMax)
		if !ok {
			return reply{http.StatusBadRequest, page("400", "<h1>400</h1><p>Bad name.</p>"), cookie}
		}
		if cookie == nil {
			// A new id at login: an id seen or planted before it is worth nothing after it.
			delete(sessions, sid)
			sid = newID()
			s.expires = time.Now().Add(lifetime)
			sessions[sid] = s
			cookie = sessionCookie(sid, int(lifetime.Seconds()))
		}
		s.user = user
		return reply{http.StatusSeeOther, seeOther, cookie}
	case r.URL.Path == "/cart" && r.Method == http.MethodPost:
		item, ok := valid(r.PostFormValue("item"), itemMax)
		if !ok || len(s.cart) >= cartMax {
			return reply{http.StatusBadRequest, page("400", "<h1>400</h1><p>Bad item.</p>"), cookie}
		}
		s.cart = append(s.cart, item)
		return reply{http.StatusSeeOther, seeOther, cookie}
	case r.URL.Path == "/cart":
		return reply{http.StatusOK, cartPage(s), cookie}
	}
	return reply{http.StatusOK, homePage(s), cookie}
}

func handle(w http.ResponseWriter, r *http.Request) {
	methods, known := routes[r.URL.Path]
	if !known {
		respond(w, reply{http.StatusNotFound, page("404", "<h1>404</h1><p>No page here.</p>"), nil})
		return
	}
	allowed := false
	for _, m := range methods {
		allowed = allowed || m == r.Method
	}
	if !allowed {
		w.Header().Set("Allow", strings.Join(methods, ", "))
		respond(w, reply{http.StatusMethodNotAllowed, page("405", "<h1>405</h1>"), nil})
		return
	}
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		ctype := strings.TrimSpace(strings.Split(r.Header.Get("Content-Type"), ";")[0])
		if r.URL.Path != "/logout" && !strings.EqualFold(ctype, "application/x-www-form-urlencoded") {
			respond(w, reply{http.StatusUnsupportedMediaType, page("415", "<h1>415</h1><p>Send a urlencoded form.</p>"), nil})
			return
		}
		if err := r.ParseForm(); err != nil {
			respond(w, reply{http.StatusBadRequest, page("error", "<h1>Bad body</h1>"), nil})
			return
		}
	}
	sid := ""
	// r.Cookie parses the Cookie header; a malformed one is the same as none.
	if c, err := r.Cookie("sid"); err == nil {
		sid = c.Value
	}
	respond(w, route(r, sid))
}

func respond(w http.ResponseWriter, rep reply) {
	h := w.Header()
	if rep.status == http.StatusSeeOther {
		h.Set("Location", "/")
	}
	if rep.cookie != nil {
		http.SetCookie(w, rep.cookie)
		// A shared cache must never hand this cookie to someone else.
		h.Set("Cache-Control", `private, no-cache="Set-Cookie"`)
	} else {
		h.Set("Cache-Control", "private")
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", fmt.Sprint(len(rep.body)))
	w.WriteHeader(rep.status)
	// For HEAD, net/http drops the body and keeps the header fields.
	w.Write([]byte(rep.body))
}

func main() {
	port := "8000"
	if len(os.Args) > 1 {
		port = os.Args[1]
	} else if p := os.Getenv("PORT"); p != "" {
		port = p
	}
	fmt.Printf("shop listening on http://127.0.0.1:%s/\n", port)
	log.Fatal(http.ListenAndServe("127.0.0.1:"+port, http.HandlerFunc(handle)))
}
