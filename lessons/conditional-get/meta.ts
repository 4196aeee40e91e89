import type { LessonMeta } from "../../src/runtime/lesson.js";

export const meta = {
  id: "conditional-get",
  proto: "http",
  title: {
    en: "Conditional GET: Last-Modified, ETag and 304",
    ko: "조건부 GET: Last-Modified, ETag와 304",
  },
  summary: {
    en: "A client cache: validators, 304 Not Modified without a body, why ETag beats a one-second date, If-None-Match first, HEAD, and max-age freshness.",
    ko: "클라이언트 캐시: 검증자, 본문 없는 304 Not Modified, 1초 단위 날짜보다 ETag가 나은 이유, If-None-Match 우선, HEAD, max-age 신선도.",
  },
  options: { maxAge: { default: 2, min: 0, max: 86400 } },
  connect: "url",
} satisfies LessonMeta;
