import type { LessonMeta } from "../../src/runtime/lesson.js";

export const meta = {
  id: "pipelining",
  proto: "http",
  title: {
    en: "Pipelining: many requests in flight on one connection",
    ko: "파이프라이닝: 연결 하나에 여러 요청을 한꺼번에",
  },
  summary: {
    en: "Requests written back to back, answers in order, head-of-line blocking behind a slow one; serial vs pipelined vs parallel connections, charted; the rules, and why HTTP/2 multiplexes.",
    ko: "연달아 쓴 요청, 순서대로 오는 응답, 느린 요청 뒤의 HOL 블로킹; 직렬, 파이프라인, 병렬 커넥션을 차트로 비교; 규칙들, 그리고 HTTP/2가 다중화하는 이유.",
  },
  options: { rtt: { default: 100, min: 0, max: 10000 } },
  connect: "url",
} satisfies LessonMeta;
