// An HTTP/1.1 server that answers pipelined requests in order, with Go's net/http.
//
// Build: go build pipelining_server.go
// Usage: ./pipelining_server [port]      (default: $PORT, else 8080)
//
// GET /slow?ms=N answers after N milliseconds (1000 when not given, at most
// 10000); any other path answers at once with a short text naming it; POST
// answers with the size of its body. net/http reads a connection's requests
// one after another from a buffered reader, so several requests that arrive
// in one packet are split where each ends and answered in the order they
// came: an answer never overtakes the one before it.
package main

import (
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"
)

const (
	slowDefaultMs = 1000
	slowMaxMs     = 10000
)

func answer(w http.ResponseWriter, text string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(text)))
	io.WriteString(w, text)
}

func handle(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		n, _ := io.Copy(io.Discard, r.Body)
		answer(w, fmt.Sprintf("POST %s: got %d B\n", r.URL.Path, n))
		return
	}
	if r.URL.Path == "/slow" {
		ms, err := strconv.Atoi(r.URL.Query().Get("ms"))
		if err != nil || ms < 0 {
			ms = slowDefaultMs
		}
		if ms > slowMaxMs {
			ms = slowMaxMs
		}
		// The requests behind this one wait on the same connection: head-of-line blocking.
		time.Sleep(time.Duration(ms) * time.Millisecond)
		answer(w, fmt.Sprintf("GET %s: answered after %d ms\n", r.URL.RequestURI(), ms))
		return
	}
	answer(w, fmt.Sprintf("GET %s: this is %s\n", r.URL.RequestURI(), r.URL.Path))
}

func main() {
	port := "8080"
	if len(os.Args) > 1 {
		port = os.Args[1]
	} else if p := os.Getenv("PORT"); p != "" {
		port = p
	}
	host := os.Getenv("HOST")
	if host == "" {
		host = "127.0.0.1"
	}
	server := &http.Server{
		Addr:        net.JoinHostPort(host, port),
		Handler:     http.HandlerFunc(handle),
		IdleTimeout: 5 * time.Second,
	}
	fmt.Printf("pipelining server on %s\n", server.Addr)
	log.Fatal(server.ListenAndServe())
}
