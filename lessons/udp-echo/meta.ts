import type { LessonMeta } from "../../src/runtime/lesson.js";

export const meta = {
  id: "udp-echo",
  proto: "udp",
  title: { en: "UDP uppercase echo", ko: "UDP 대문자 에코" },
  summary: {
    en: "Datagrams without a connection: the OS picks the client's port, the server replies to recvfrom's address, loss is real.",
    ko: "연결 없는 데이터그램: 클라이언트 포트는 OS가 고르고, 서버는 recvfrom이 알려 준 주소로 답하며, 손실은 실제로 일어납니다.",
  },
  options: { message: true, loss: { default: 0, min: 0, max: 100 } },
  connect: "hostport",
} satisfies LessonMeta;
