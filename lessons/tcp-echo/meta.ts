import type { LessonMeta } from "../../src/runtime/lesson.js";

export const meta = {
  id: "tcp-echo",
  proto: "tcp",
  title: { en: "TCP uppercase echo", ko: "TCP 대문자 에코" },
  summary: {
    en: "Connections: refused, handshake, accept's new socket, the 4-tuple, a byte stream, half-close and TIME_WAIT.",
    ko: "연결: 거부, 핸드셰이크, accept의 새 소켓, 4-튜플, 바이트 스트림, 절반 끊기와 TIME_WAIT.",
  },
  options: { message: true, backlog: { default: 511, min: 1, max: 65535 } },
  connect: "hostport",
} satisfies LessonMeta;
