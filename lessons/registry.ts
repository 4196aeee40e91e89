import type { Localized } from "../src/runtime/lesson.js";

/**
 * The lesson registry: metadata only, so `sockstep list` and `--help` load
 * no lesson code. Each lesson's code is imported when it runs.
 */
export interface LessonMeta {
  id: string;
  order: number;
  proto: "udp" | "tcp" | "http";
  title: Localized;
  summary: Localized;
}

export const LESSONS: readonly LessonMeta[] = [
  {
    id: "udp-echo",
    order: 1,
    proto: "udp",
    title: { en: "UDP uppercase echo", ko: "UDP 대문자 에코" },
    summary: {
      en: "Datagrams without a connection: the OS picks the client's port, the server replies to recvfrom's address, loss is real.",
      ko: "연결 없는 데이터그램: 클라이언트 포트는 OS가 고르고, 서버는 recvfrom이 알려 준 주소로 답하며, 손실은 실제로 일어납니다.",
    },
  },
  {
    id: "tcp-echo",
    order: 2,
    proto: "tcp",
    title: { en: "TCP uppercase echo", ko: "TCP 대문자 에코" },
    summary: {
      en: "Connections: refused, handshake, accept's new socket, the 4-tuple, a byte stream, half-close and TIME_WAIT.",
      ko: "연결: 거부, 핸드셰이크, accept의 새 소켓, 4-튜플, 바이트 스트림, 절반 끊기와 TIME_WAIT.",
    },
  },
];

export function findLesson(id: string): LessonMeta | undefined {
  return LESSONS.find((l) => l.id === id);
}

/** Import a lesson's code (only when it runs). */
export async function loadLesson(id: string) {
  const mod = await import(`./${id}/lesson.js`);
  return mod.lesson as import("../src/runtime/lesson.js").LessonModule;
}
