// A conditional GET server with Go's net/http (standard library only).
//
// Build: go build server.go
// Usage: ./server [port]      (default: $PORT, else 12000)
//
// GET / and HEAD / serve one HTML page with Last-Modified and ETag, and
// answer 304 Not Modified (no body) when the client's copy is current:
//   - If-None-Match decides when present (weak comparison, a list, or *);
//   - only without it, If-Modified-Since: 304 when the page's Last-Modified
//     is not later than the date (an invalid date is ignored).
//
// POST /edit makes a new version of the page.
//
// http.ServeContent would do all of this by itself; it is written out here
// because these rules are the lesson (RFC 9110 section 13.2.2).
package main

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"log"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

const maxAge = 2

// page is the one document this server serves, with its validators.
type page struct {
	mu           sync.Mutex
	version      int
	body         []byte
	etag         string
	lastModified time.Time
}

func (p *page) edit() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.version++
	now := time.Now().UTC()
	p.body = []byte(fmt.Sprintf("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Notice board</title></head>\n"+
		"<body><h1>Notice board</h1>\n<p>Version %d, edited %s.</p>\n"+
		"<form method=\"post\" action=\"/edit\"><button>Edit</button></form>\n"+
		"</body></html>\n", p.version, now.Format("2006-01-02 15:04:05.000 UTC")))
	digest := sha256.Sum256(p.body)
	// A strong ETag from the bytes: any change to the page changes it.
	p.etag = `"` + base64.URLEncoding.EncodeToString(digest[:])[:16] + `"`
	// Last-Modified has whole seconds: two edits in one second share it.
	p.lastModified = now.Truncate(time.Second)
}

var entityTag = regexp.MustCompile(`(?:W/)?"[^"]*"`)

// opaque drops the W/ prefix: weak comparison ignores it (RFC 9110 section 8.8.3.2).
func opaque(tag string) string {
	return strings.TrimPrefix(tag, "W/")
}

// notModified applies RFC 9110 section 13.2.2: If-None-Match first, If-Modified-Since only without it.
func notModified(r *http.Request, etag string, lastModified time.Time) bool {
	if inm := r.Header.Values("If-None-Match"); len(inm) > 0 {
		joined := strings.Join(inm, ", ")
		if strings.TrimSpace(joined) == "*" {
			return true
		}
		for _, tag := range entityTag.FindAllString(joined, -1) {
			if opaque(tag) == opaque(etag) {
				return true
			}
		}
		return false
	}
	ims := r.Header.Values("If-Modified-Since")
	if len(ims) != 1 {
		return false
	}
	// http.ParseTime accepts the three date formats HTTP allows.
	since, err := http.ParseTime(ims[0])
	if err != nil {
		return false
	}
	return !lastModified.After(since)
}

func main() {
	port := "12000"
	if len(os.Args) > 1 {
		port = os.Args[1]
	} else if p := os.Getenv("PORT"); p != "" {
		port = p
	}
	doc := &page{}
	doc.edit()

	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		doc.mu.Lock()
		body, etag, lastModified := doc.body, doc.etag, doc.lastModified
		doc.mu.Unlock()
		h := w.Header()
		// http.TimeFormat is the IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT.
		h.Set("Last-Modified", lastModified.Format(http.TimeFormat))
		h.Set("ETag", etag)
		h.Set("Cache-Control", "max-age="+strconv.Itoa(maxAge))
		if notModified(r, etag, lastModified) {
			// 304: the validators and freshness again, never a body.
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Length", strconv.Itoa(len(body)))
		// For HEAD, net/http sends the same header fields and drops the body.
		w.Write(body)
	})
	http.HandleFunc("/edit", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", "POST")
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		doc.edit()
		http.Redirect(w, r, "/", http.StatusSeeOther)
	})

	fmt.Printf("The server is ready at http://127.0.0.1:%s/\n", port)
	log.Fatal(http.ListenAndServe("127.0.0.1:"+port, nil))
}
