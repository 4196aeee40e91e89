// A persistent-connection HTTP server with Go's net/http (standard library only).
//
// Build: go build keepalive_server.go
// Usage: ./keepalive_server [port]      (default: $PORT, else 8080)
//
// Every answer carries Content-Length, so the client can tell where it ends
// and send its next request on the same connection. net/http reads one
// request after another from a connection until a request says
// Connection: close (it then answers with Connection: close and closes),
// the client closes, or the connection stays idle for IdleTimeout.
package main

import (
	"context"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"
)

// answeredKey finds, in a request's context, the count of answers on its connection.
type answeredKey struct{}

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
		Addr: net.JoinHostPort(host, port),
		// The idle timeout: no new request within it ends the connection.
		IdleTimeout: 5 * time.Second,
		// One counter per connection: requests on one connection are served one at a time.
		ConnContext: func(ctx context.Context, _ net.Conn) context.Context {
			return context.WithValue(ctx, answeredKey{}, new(int))
		},
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			answered := r.Context().Value(answeredKey{}).(*int)
			*answered++
			body := fmt.Sprintf("GET %s: answer %d on this connection\n", r.URL.RequestURI(), *answered)
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			// The length tells the client where this answer ends, so the connection can carry the next.
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.Write([]byte(body))
		}),
	}
	fmt.Printf("keep-alive server on %s\n", server.Addr)
	log.Fatal(server.ListenAndServe())
}
