import type { Addr } from "../../src/net/address.js";
import { SockError } from "../../src/net/env.js";
import { TIMEOUT } from "../../src/net/fail.js";
import type { UdpSocket } from "../../src/net/udp.js";
import type { LessonContext } from "../../src/runtime/lesson.js";
import type { text } from "./text.js";

export interface EchoResult {
  reply: string | null;
  tries: number;
}

/**
 * Send one message and wait for the reply; on a timeout say so and send it
 * again, up to `tries` times. UDP itself never retransmits: this loop is the
 * application doing it.
 */
export async function echo(
  ctx: LessonContext<typeof text.en>,
  client: UdpSocket,
  to: Addr,
  message: string,
  tries: number,
): Promise<EchoResult> {
  for (let attempt = 1; attempt <= tries; attempt++) {
    await client.sendto(message, to);
    try {
      const { data } = await client.recvfrom(2048);
      return { reply: data.toString("utf8"), tries: attempt };
    } catch (err) {
      if (!(err instanceof SockError) || err.code !== TIMEOUT) throw err;
      ctx.note(attempt < tries ? "note.retry" : "note.giveUp", { attempt, tries }, "client");
    }
  }
  return { reply: null, tries };
}
