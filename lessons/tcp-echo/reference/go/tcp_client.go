// TCP uppercase echo client, as in the lecture (TCPClient.py), in Go.
//
// Build: go build tcp_client.go
// Usage: ./tcp_client [host [port [message]]]   (default: $HOST and $PORT, else 127.0.0.1 12000)
// The message is read from the keyboard when it is not given. The client
// connects (the 3-way handshake happens here), sends the message,
// half-closes its side so the server knows the message is complete, then
// prints the reply, read until the server closes.
package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"
)

// arg is the n-th command-line argument, else the environment variable, else the default.
func arg(n int, env, def string) string {
	if len(os.Args) > n {
		return os.Args[n]
	}
	if v := os.Getenv(env); v != "" {
		return v
	}
	return def
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

func main() {
	serverName := arg(1, "HOST", "127.0.0.1")
	serverPort := arg(2, "PORT", "12000")
	var message string
	if len(os.Args) > 3 {
		message = os.Args[3]
	} else {
		fmt.Print("Input lowercase sentence: ")
		line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
		message = strings.TrimRight(line, "\r\n")
	}

	conn, err := net.DialTimeout("tcp4", net.JoinHostPort(serverName, serverPort), 10*time.Second)
	if err != nil {
		fail(err)
	}
	clientSocket := conn.(*net.TCPConn)
	defer clientSocket.Close()
	// A server that never answers or never closes must not hang the client forever.
	clientSocket.SetDeadline(time.Now().Add(10 * time.Second))
	// Write, not WriteTo: the connection already knows where its peer is.
	if _, err := clientSocket.Write([]byte(message)); err != nil {
		fail(err)
	}
	// FIN: nothing more from this side; the socket can still receive.
	clientSocket.CloseWrite()
	// The reply may come in pieces; io.ReadAll reads until the server's close (EOF).
	reply, err := io.ReadAll(clientSocket)
	if err != nil {
		fail(err)
	}
	fmt.Println(string(reply))
}
