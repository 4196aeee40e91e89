import type { UdpSocket } from "../../src/net/udp.js";

/** The lecture's server loop: recvfrom → uppercase → sendto, forever (until Ctrl-C). */
export async function serveForever(server: UdpSocket): Promise<void> {
  for (;;) {
    await answerOne(server);
  }
}

/** One turn of the loop; the reply goes to the address recvfrom reported, and nowhere else. */
export async function answerOne(server: UdpSocket): Promise<void> {
  const { data, from } = await server.recvfrom(2048);
  const reply = data.toString("utf8").toUpperCase();
  await server.sendto(reply, from);
}
