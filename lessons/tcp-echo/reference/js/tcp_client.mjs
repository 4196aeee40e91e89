// TCP uppercase echo client, as in the lecture (TCPClient.py), in JavaScript for Node.js.
//
// Usage: node tcp_client.mjs [host [port [message]]]   (default: $HOST and $PORT, else 127.0.0.1 12000)
// The message is read from the keyboard when it is not given. The client
// connects (the 3-way handshake happens here), sends the message,
// half-closes its side so the server knows the message is complete, then
// prints the reply, read until the server closes.
import net from "node:net";
import readline from "node:readline/promises";

const serverName = process.argv[2] ?? process.env.HOST ?? "127.0.0.1";
const serverPort = Number(process.argv[3] ?? process.env.PORT ?? 12000);
let message = process.argv[4];
if (message === undefined) {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  message = await rl.question("Input lowercase sentence: ");
  rl.close();
}

const clientSocket = net.connect({ host: serverName, port: serverPort, allowHalfOpen: true });
// A server that never answers or never closes must not hang the client forever.
clientSocket.setTimeout(10_000, () => clientSocket.destroy(new Error("no reply within 10 s")));
clientSocket.on("connect", () => {
  // write() then end(): the message, then our FIN; the socket can still receive.
  clientSocket.end(message);
});
// The reply may come in pieces; the server's close ("end") completes it.
const parts = [];
clientSocket.on("data", (chunk) => parts.push(chunk));
clientSocket.on("end", () => {
  console.log(Buffer.concat(parts).toString("utf8"));
  clientSocket.destroy();
});
clientSocket.on("error", (err) => {
  console.error(`Cannot talk to ${serverName}:${serverPort}:`, err.message);
  process.exitCode = 1;
});
