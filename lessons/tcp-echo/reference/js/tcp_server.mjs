// TCP uppercase echo server, as in the lecture (TCPServer.py), in JavaScript for Node.js.
//
// Usage: node tcp_server.mjs [port]      (default: $PORT, else 12000)
// For each client: a new connection socket, its whole message read, sent back
// in upper case, that connection closed. The listening socket stays open.
import net from "node:net";

const serverPort = Number(process.argv[2] ?? process.env.PORT ?? 12000);

// allowHalfOpen: after the client's FIN this side can still send the reply.
const server = net.createServer({ allowHalfOpen: true }, (connectionSocket) => {
  // TCP is a byte stream: a "data" event may hold only part of a message.
  const parts = [];
  let answered = false;
  const answer = () => {
    if (answered) return;
    answered = true;
    const sentence = Buffer.concat(parts);
    // 0 bytes: the client closed without sending anything. end() sends our FIN after the reply.
    if (sentence.length === 0) connectionSocket.end();
    else connectionSocket.end(sentence.toString("utf8").toUpperCase());
  };
  // A client that sends nothing for 10 s gets no reply and its connection closed.
  connectionSocket.setTimeout(10_000);
  connectionSocket.on("data", (chunk) => {
    parts.push(chunk);
    // A client that waits for the reply instead of half-closing (nc without -N):
    // 200 ms of silence ends the message.
    connectionSocket.setTimeout(200);
  });
  // "end" is the client's FIN: the message is complete.
  connectionSocket.on("end", answer);
  connectionSocket.on("timeout", answer);
  // A client that resets its connection must not stop the server.
  connectionSocket.on("error", (err) => console.error("connection failed:", err.message));
});

// A port already in use, for example: one line, not a stack trace.
server.on("error", (err) => {
  console.error(err.message);
  process.exit(1);
});

// No address: every local address of this machine, like Python's ''.
server.listen(serverPort, () => {
  console.log("The server is ready to receive on port", serverPort);
});
