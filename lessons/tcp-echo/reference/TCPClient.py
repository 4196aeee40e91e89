#!/usr/bin/env python3
"""TCP uppercase echo client, as in the lecture.

Usage: python3 TCPClient.py [host [port [message]]]
The message is read from the keyboard when it is not given. The client
connects (the 3-way handshake happens here), sends the message, half-closes
its side so the server knows the message is complete, then prints the reply.
"""
import sys
from socket import AF_INET, SHUT_WR, SOCK_STREAM, socket

serverName = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
serverPort = int(sys.argv[2]) if len(sys.argv) > 2 else 12000
message = sys.argv[3] if len(sys.argv) > 3 else input('Input lowercase sentence: ')

clientSocket = socket(AF_INET, SOCK_STREAM)
# A server that never answers or never closes must not hang the client forever.
clientSocket.settimeout(10)
try:
    clientSocket.connect((serverName, serverPort))
    # send(), not sendto(): the connection already knows where its peer is.
    clientSocket.sendall(message.encode('utf-8'))
    # FIN: nothing more from this side; the socket can still receive.
    clientSocket.shutdown(SHUT_WR)
    # The reply may come in pieces; the server's close (recv() == b'') ends it.
    reply = b''
    while True:
        chunk = clientSocket.recv(1024)
        if not chunk:
            break
        reply += chunk
except OSError as err:
    print('Cannot talk to', (serverName, serverPort), ':', err, file=sys.stderr)
    sys.exit(1)
finally:
    clientSocket.close()
print(reply.decode('utf-8', errors='replace'))
