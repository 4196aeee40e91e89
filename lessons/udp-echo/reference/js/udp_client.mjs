// UDP uppercase echo client, as in the lecture (UDPClient.py), in JavaScript for Node.js.
//
// Usage: node udp_client.mjs [host [port [message]]]   (default: $HOST and $PORT, else 127.0.0.1 12000)
// The message is read from the keyboard when it is not given. The client
// waits at most one second for the reply: UDP does not tell it when a
// datagram is lost.
import dgram from "node:dgram";
import readline from "node:readline/promises";

const serverName = process.argv[2] ?? process.env.HOST ?? "127.0.0.1";
const serverPort = Number(process.argv[3] ?? process.env.PORT ?? 12000);
let message = process.argv[4];
if (message === undefined) {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  message = await rl.question("Input lowercase sentence: ");
  rl.close();
}

const clientSocket = dgram.createSocket("udp4");
const timer = setTimeout(() => {
  console.error(`No reply from ${serverName}:${serverPort} within 1 s`);
  clientSocket.close();
  process.exitCode = 1;
}, 1000);
clientSocket.once("message", (modifiedMessage) => {
  clearTimeout(timer);
  console.log(modifiedMessage.toString("utf8"));
  clientSocket.close();
});
// No bind(): the OS picks this socket's port at the first send().
clientSocket.send(message, serverPort, serverName, (err) => {
  // A host name that does not resolve, for example.
  if (!err) return;
  console.error(`Cannot send to ${serverName}:${serverPort}:`, err.message);
  clearTimeout(timer);
  clientSocket.close();
  process.exitCode = 1;
});
