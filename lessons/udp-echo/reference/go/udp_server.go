// UDP uppercase echo server, as in the lecture (UDPServer.py), in Go.
//
// Build: go build udp_server.go
// Usage: ./udp_server [port]      (default: $PORT, else 12000)
// Every datagram is answered with its text in upper case, sent back to the
// address ReadFrom reported. Ctrl-C stops it.
package main

import (
	"fmt"
	"log"
	"net"
	"os"
	"strings"
)

func main() {
	port := "12000"
	if len(os.Args) > 1 {
		port = os.Args[1]
	} else if p := os.Getenv("PORT"); p != "" {
		port = p
	}
	// An empty host means every local address of this machine, like Python's ''.
	serverSocket, err := net.ListenPacket("udp4", ":"+port)
	if err != nil {
		log.Fatal(err)
	}
	defer serverSocket.Close()
	fmt.Println("The server is ready to receive on port", port)

	message := make([]byte, 2048)
	for {
		// One ReadFrom is one whole datagram: UDP keeps message boundaries.
		n, clientAddress, err := serverSocket.ReadFrom(message)
		if err != nil {
			log.Print(err)
			continue
		}
		// Go strings are UTF-8; invalid bytes become U+FFFD, like errors='replace'.
		modifiedMessage := strings.ToUpper(strings.ToValidUTF8(string(message[:n]), "\uFFFD"))
		// The reply goes back to wherever this datagram came from.
		serverSocket.WriteTo([]byte(modifiedMessage), clientAddress)
	}
}
