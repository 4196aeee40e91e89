import type { LessonMeta } from "../../src/runtime/lesson.js";

export const meta = {
  id: "keep-alive",
  proto: "http",
  title: {
    en: "Keep-alive: connection management from HTTP/1.0 to HTTP/1.1",
    ko: "Keep-alive: HTTP/1.0에서 HTTP/1.1까지의 연결 관리",
  },
  summary: {
    en: "The same requests three ways, timed over a simulated RTT: a connection each, Keep-Alive with max, HTTP/1.1 persistent; framing, idle timeouts, hop-by-hop headers.",
    ko: "같은 요청을 세 가지로, 시뮬레이션한 RTT 위에서 시간을 재며: 요청마다 연결, max가 있는 Keep-Alive, HTTP/1.1 지속 커넥션; 길이 표시, 유휴 타임아웃, 홉별 헤더.",
  },
  options: { rtt: { default: 100, min: 0, max: 10000 } },
  connect: "url",
} satisfies LessonMeta;
