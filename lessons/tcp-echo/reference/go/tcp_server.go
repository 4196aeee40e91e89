// TCP uppercase echo server, as in the lecture (TCPServer.py), in Go.
//
// Build: go build tcp_server.go
// Usage: ./tcp_server [port]      (default: $PORT, else 12000)
// For each client: Accept a new connection, read its whole message, send it
// back in upper case, close that connection. The listener stays open and the
// loop goes back to Accept.
package main

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"strings"
	"time"
)

// A message is answered at this size at the latest.
const maxMessage = 64 * 1024

// readMessage reads until the client half-closes (io.EOF, its FIN), or until
// nothing more arrives for 200 ms for a client that waits for the reply
// instead (nc without -N): TCP is a byte stream, and one Read may return only
// part of a message. A client that sends nothing for 10 s gets no reply.
func readMessage(conn net.Conn) ([]byte, error) {
	var sentence []byte
	buf := make([]byte, 4096)
	// One silent client must not hold this one-at-a-time server forever.
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	for len(sentence) < maxMessage {
		n, err := conn.Read(buf)
		sentence = append(sentence, buf[:n]...)
		if errors.Is(err, io.EOF) || errors.Is(err, os.ErrDeadlineExceeded) {
			return sentence, nil
		}
		if err != nil {
			return sentence, err
		}
		conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	}
	return sentence, nil
}

func serve(connectionSocket net.Conn) {
	// Close sends our FIN: the client's read loop ends there.
	defer connectionSocket.Close()
	sentence, err := readMessage(connectionSocket)
	if err != nil {
		log.Print(err)
		return
	}
	// Zero bytes: the client closed without sending anything.
	if len(sentence) == 0 {
		return
	}
	capitalizedSentence := strings.ToUpper(strings.ToValidUTF8(string(sentence), "\uFFFD"))
	// Write sends every byte (it loops over partial writes itself).
	if _, err := connectionSocket.Write([]byte(capitalizedSentence)); err != nil {
		log.Print(err)
	}
}

func main() {
	port := "12000"
	if len(os.Args) > 1 {
		port = os.Args[1]
	} else if p := os.Getenv("PORT"); p != "" {
		port = p
	}
	// Listen does socket, SO_REUSEADDR, bind and listen in one call.
	serverSocket, err := net.Listen("tcp4", ":"+port)
	if err != nil {
		log.Fatal(err)
	}
	defer serverSocket.Close()
	fmt.Println("The server is ready to receive on port", port)
	for {
		// Accept returns a new connection for this one client; the listener keeps listening.
		connectionSocket, err := serverSocket.Accept()
		if err != nil {
			log.Print(err)
			continue
		}
		// One client at a time, as in the lecture; `go serve(...)` would serve them at once.
		serve(connectionSocket)
	}
}
