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
  /** Simulated round-trip time in ms when --rtt is not given (connection lessons). */
  defaultRttMs?: number;
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
  {
    id: "cookie-session",
    order: 3,
    proto: "http",
    title: { en: "Cookies and server-side sessions", ko: "쿠키와 서버 세션" },
    summary: {
      en: "A small shop: Set-Cookie and the cookie jar, a session store behind a random sid, login, cart, logout, expiry, forged ids.",
      ko: "작은 상점: Set-Cookie와 쿠키 저장소, 무작위 sid 뒤의 세션 저장소, 로그인, 장바구니, 로그아웃, 만료, 위조한 ID.",
    },
  },
  {
    id: "conditional-get",
    order: 4,
    proto: "http",
    title: {
      en: "Conditional GET: Last-Modified, ETag and 304",
      ko: "조건부 GET: Last-Modified, ETag와 304",
    },
    summary: {
      en: "A client cache: validators, 304 Not Modified without a body, why ETag beats a one-second date, If-None-Match first, HEAD, and max-age freshness.",
      ko: "클라이언트 캐시: 검증자, 본문 없는 304 Not Modified, 1초 단위 날짜보다 ETag가 나은 이유, If-None-Match 우선, HEAD, max-age 신선도.",
    },
  },
  {
    id: "keep-alive",
    order: 5,
    proto: "http",
    title: {
      en: "Keep-alive: connection management from HTTP/1.0 to HTTP/1.1",
      ko: "Keep-alive: HTTP/1.0에서 HTTP/1.1까지의 커넥션 관리",
    },
    summary: {
      en: "The same requests three ways, timed over a simulated RTT: a connection each, Keep-Alive with max, HTTP/1.1 persistent; framing, idle timeouts, hop-by-hop headers.",
      ko: "같은 요청을 세 가지로, 시뮬레이션한 RTT 위에서 시간을 재며: 요청마다 연결, max가 있는 Keep-Alive, HTTP/1.1 지속 커넥션; 길이 표시, 유휴 타임아웃, 홉별 헤더.",
    },
    defaultRttMs: 40,
  },
  {
    id: "pipelining",
    order: 6,
    proto: "http",
    title: {
      en: "Pipelining: many requests in flight on one connection",
      ko: "파이프라이닝: 연결 하나에 여러 요청을 한꺼번에",
    },
    summary: {
      en: "Requests written back to back, answers in order, head-of-line blocking behind a slow one; serial vs pipelined vs parallel connections, charted; the rules, and why HTTP/2 multiplexes.",
      ko: "연달아 쓴 요청, 순서대로 오는 응답, 느린 요청 뒤의 HOL 블로킹; 직렬, 파이프라인, 병렬 커넥션을 차트로 비교; 규칙들, 그리고 HTTP/2가 다중화하는 이유.",
    },
    defaultRttMs: 40,
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

/**
 * Import a lesson's verification (lessons/<id>/verify.ts; only `sockstep verify`
 * loads it). Undefined when the lesson has none yet.
 */
export async function loadVerify(id: string) {
  try {
    const mod = await import(`./${id}/verify.js`);
    return mod.verify as import("../src/runtime/verify.js").VerifyModule;
  } catch (err) {
    const e = err as { code?: string; message?: string };
    // Only the verify file itself missing means "none"; a broken import inside it is a bug to show.
    const missing = new RegExp(`^Cannot find module '[^']*[\\\\/]${id}[\\\\/]verify\\.js'`);
    if (e.code === "ERR_MODULE_NOT_FOUND" && missing.test(e.message ?? "")) {
      return undefined;
    }
    throw err;
  }
}
