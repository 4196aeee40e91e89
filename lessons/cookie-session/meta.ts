import type { LessonMeta } from "../../src/runtime/lesson.js";

export const meta = {
  id: "cookie-session",
  proto: "http",
  title: { en: "Cookies and server-side sessions", ko: "쿠키와 서버 세션" },
  summary: {
    en: "A small shop: Set-Cookie and the cookie jar, a session store behind a random sid, login, cart, logout, expiry, forged ids.",
    ko: "작은 상점: Set-Cookie와 쿠키 저장소, 무작위 sid 뒤의 세션 저장소, 로그인, 장바구니, 로그아웃, 만료, 위조한 ID.",
  },
  options: {},
  connect: "url",
} satisfies LessonMeta;
