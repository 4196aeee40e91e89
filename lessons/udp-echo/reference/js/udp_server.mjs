// UDP uppercase echo server, as in the lecture (UDPServer.py), in JavaScript for Node.js.
//
// Usage: node udp_server.mjs [port]      (default: $PORT, else 12000)
// Every datagram is answered with its text in upper case, sent back to the
// address the "message" event reported. Ctrl-C stops it.
import dgram from "node:dgram";

const serverPort = Number(process.argv[2] ?? process.env.PORT ?? 12000);
const serverSocket = dgram.createSocket("udp4");

// One "message" event is one whole datagram: UDP keeps message boundaries.
serverSocket.on("message", (message, clientAddress) => {
  // Invalid UTF-8 becomes U+FFFD, like errors='replace'.
  const modifiedMessage = message.toString("utf8").toUpperCase();
  // The reply goes back to wherever this datagram came from.
  serverSocket.send(modifiedMessage, clientAddress.port, clientAddress.address);
});

// A port already in use, for example: one line, not a stack trace.
serverSocket.on("error", (err) => {
  console.error(err.message);
  process.exit(1);
});

// No address: every local address of this machine, like Python's ''.
serverSocket.bind(serverPort, () => {
  console.log("The server is ready to receive on port", serverPort);
});
