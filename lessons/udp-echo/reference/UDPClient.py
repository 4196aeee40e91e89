#!/usr/bin/env python3
"""UDP uppercase echo client, as in the lecture.

Usage: python3 UDPClient.py [host [port [message]]]
The message is read from the keyboard when it is not given. The client waits
at most one second for the reply: UDP does not tell it when a datagram is lost.
"""
import sys
from socket import AF_INET, SOCK_DGRAM, socket, timeout

serverName = sys.argv[1] if len(sys.argv) > 1 else '127.0.0.1'
serverPort = int(sys.argv[2]) if len(sys.argv) > 2 else 12000
message = sys.argv[3] if len(sys.argv) > 3 else input('Input lowercase sentence: ')

clientSocket = socket(AF_INET, SOCK_DGRAM)
clientSocket.settimeout(1)
# No bind(): the OS picks this socket's port at the first sendto().
clientSocket.sendto(message.encode(), (serverName, serverPort))
try:
    modifiedMessage, serverAddress = clientSocket.recvfrom(2048)
except timeout:
    print('No reply from', (serverName, serverPort), 'within 1 s', file=sys.stderr)
    clientSocket.close()
    sys.exit(1)
print(modifiedMessage.decode('utf-8', errors='replace'))
clientSocket.close()
