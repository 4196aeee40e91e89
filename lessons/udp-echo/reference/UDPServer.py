#!/usr/bin/env python3
"""UDP uppercase echo server, as in the lecture.

Usage: python3 UDPServer.py [port]      (default port 12000)
Every datagram is answered with its text in upper case, sent back to the
address recvfrom() reported. Ctrl-C stops it.
"""
import sys
from socket import AF_INET, SOCK_DGRAM, socket

serverPort = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
serverSocket = socket(AF_INET, SOCK_DGRAM)
# '' means every local address of this machine.
serverSocket.bind(('', serverPort))
print('The server is ready to receive on port', serverPort, flush=True)
try:
    while True:
        message, clientAddress = serverSocket.recvfrom(2048)
        # A datagram that is not valid UTF-8 must not stop the server.
        modifiedMessage = message.decode('utf-8', errors='replace').upper()
        serverSocket.sendto(modifiedMessage.encode(), clientAddress)
except KeyboardInterrupt:
    pass
finally:
    serverSocket.close()
