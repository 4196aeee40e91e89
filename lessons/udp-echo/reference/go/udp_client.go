// UDP uppercase echo client, as in the lecture (UDPClient.py), in Go.
//
// Build: go build udp_client.go
// Usage: ./udp_client [host [port [message]]]   (default: $HOST and $PORT, else 127.0.0.1 12000)
// The message is read from the keyboard when it is not given. The client
// waits at most one second for the reply: UDP does not tell it when a
// datagram is lost.
package main

import (
	"bufio"
	"fmt"
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

	serverAddress, err := net.ResolveUDPAddr("udp4", net.JoinHostPort(serverName, serverPort))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// A nil local address: the OS picks this socket's port at the first send.
	clientSocket, err := net.ListenUDP("udp4", nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer clientSocket.Close()
	clientSocket.WriteTo([]byte(message), serverAddress)

	clientSocket.SetReadDeadline(time.Now().Add(time.Second))
	modifiedMessage := make([]byte, 2048)
	n, _, err := clientSocket.ReadFrom(modifiedMessage)
	if err != nil {
		fmt.Fprintln(os.Stderr, "No reply from", serverAddress, "within 1 s")
		clientSocket.Close()
		os.Exit(1)
	}
	fmt.Println(string(modifiedMessage[:n]))
}
