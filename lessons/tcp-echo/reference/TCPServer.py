#!/usr/bin/env python3
"""TCP uppercase echo server, as in the lecture.

Usage: python3 TCPServer.py [port]      (default port 12000)
For each client: accept() a new connection socket, recv() its message
until the client half-closes (recv() returns b''), send it back in upper
case, close that connection socket. The listening socket stays open and
the loop goes back to accept(). Ctrl-C stops it.
"""
import sys
from socket import AF_INET, SO_REUSEADDR, SOCK_STREAM, SOL_SOCKET, socket

serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
serverSocket = socket(AF_INET, SOCK_STREAM)
# Restarting the server must not fail while old connections sit in TIME_WAIT.
serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
# '' means every local address of this machine.
serverSocket.bind(('', serverPort))
serverSocket.listen(1)
print('The server is ready to receive on port', serverPort, flush=True)
try:
    while True:
        connectionSocket, addr = serverSocket.accept()
        try:
            # A client that never finishes its message must not hold the server forever.
            connectionSocket.settimeout(10)
            # TCP is a byte stream: one recv(1024) returns what has arrived so far, at
            # most 1024 bytes, so a longer message comes in pieces. The client says
            # where the message ends by half-closing: recv() then returns b''.
            chunks = []
            while True:
                chunk = connectionSocket.recv(1024)
                if not chunk:
                    break
                chunks.append(chunk)
            sentence = b''.join(chunks)
            # b'' means the client closed without sending anything.
            if sentence:
                # Bytes that are not valid UTF-8 must not stop the server.
                capitalizedSentence = sentence.decode('utf-8', errors='replace').upper()
                # sendall(): send() may take only part of the bytes.
                connectionSocket.sendall(capitalizedSentence.encode('utf-8'))
        except OSError as err:
            # A client that resets the connection must not stop the server either.
            print('connection from', addr, 'failed:', err, file=sys.stderr)
        finally:
            connectionSocket.close()
except KeyboardInterrupt:
    pass
finally:
    serverSocket.close()
