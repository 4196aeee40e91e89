import type { Quiz } from "../../src/runtime/lesson.js";

export const quiz: Quiz = {
  predict: {
    "first-visit": {
      id: "cookie-first-request",
      prompt: {
        en: "A client that has never visited the shop sends GET /. What does its request carry?",
        ko: "상점에 처음 오는 클라이언트가 GET /를 보냅니다. 요청에는 무엇이 실려 있을까요?",
      },
      choices: [
        {
          en: "A Cookie header with a new sid it made up",
          ko: "스스로 지어낸 새 sid가 든 Cookie 헤더",
        },
        {
          en: "No Cookie header at all",
          ko: "Cookie 헤더가 아예 없다",
        },
        {
          en: "An empty Cookie: sid= header",
          ko: "비어 있는 Cookie: sid= 헤더",
        },
        {
          en: "Set-Cookie, to register with the server",
          ko: "서버에 등록하려는 Set-Cookie",
        },
      ],
      answer: 1,
      hint: {
        en: "Who hands out session ids, the client or the server? And this client has never been here.",
        ko: "세션 ID를 나눠 주는 것은 클라이언트일까요, 서버일까요? 이 클라이언트는 처음 왔습니다.",
      },
      explain: {
        en: "The jar is empty, so nothing matches; ids are the server's to give, in Set-Cookie on the response.",
        ko: "쿠키 저장소가 비어 있으니 맞는 쿠키가 없습니다. ID는 서버가 응답의 Set-Cookie로 주는 것입니다.",
      },
    },
    "cookie-returns": {
      id: "cookie-sent-back",
      prompt: {
        en: "The client requests GET / again. What goes back to the server?",
        ko: "클라이언트가 다시 GET /를 요청합니다. 서버로 무엇이 돌아갈까요?",
      },
      choices: [
        {
          en: "The whole Set-Cookie line, attributes included",
          ko: "속성까지 포함한 Set-Cookie 줄 전체",
        },
        {
          en: "Cookie: sid=… with only the name and value",
          ko: "이름과 값만 있는 Cookie: sid=…",
        },
        {
          en: "The visit count, so the server can add one",
          ko: "서버가 1을 더할 수 있게 방문 횟수",
        },
      ],
      answer: 1,
      hint: {
        en: "Attributes such as Path and Max-Age are instructions for the jar.",
        ko: "Path, Max-Age 같은 속성은 쿠키 저장소에 주는 지시입니다.",
      },
      explain: {
        en: "Attributes are instructions for the jar; only name=value pairs travel back. The visit count stays on the server.",
        ko: "속성은 쿠키 저장소를 위한 지시이고, 돌아가는 것은 이름=값뿐입니다. 방문 횟수는 서버에 남아 있습니다.",
      },
    },
    forged: {
      id: "cookie-forged",
      prompt: {
        en: "A client sends Cookie: sid=<a value the server never issued>; user=admin. What does the server do?",
        ko: "클라이언트가 Cookie: sid=<서버가 준 적 없는 값>; user=admin을 보냅니다. 서버는 어떻게 할까요?",
      },
      choices: [
        {
          en: "Logs it in as admin",
          ko: "admin으로 로그인시킨다",
        },
        {
          en: "Creates a session under that sid",
          ko: "그 sid로 세션을 만든다",
        },
        {
          en: "Finds nothing and starts a fresh session with its own new sid",
          ko: "아무것도 찾지 못하고 자기가 만든 새 sid로 새 세션을 연다",
        },
      ],
      answer: 2,
      hint: {
        en: "The server trusts only its own session store, not what a client claims.",
        ko: "서버는 클라이언트의 주장이 아니라 자기 세션 저장소만 믿습니다.",
      },
      explain: {
        en: "The server uses a cookie only as a key into its own store. Adopting a client's id would invite session fixation.",
        ko: "서버는 쿠키를 자기 저장소의 열쇠로만 씁니다. 클라이언트가 정한 ID를 받아들이면 세션 고정 공격을 부르게 됩니다.",
      },
    },
    logout: {
      id: "cookie-logout",
      prompt: {
        en: "What makes a logout safe even if someone copied the cookie earlier?",
        ko: "누군가 쿠키를 미리 복사해 두었더라도 로그아웃을 안전하게 만드는 것은 무엇일까요?",
      },
      choices: [
        {
          en: "Set-Cookie with Max-Age=0 on the response",
          ko: "응답의 Max-Age=0인 Set-Cookie",
        },
        {
          en: "Deleting the session from the server's store",
          ko: "서버 저장소에서 세션을 지우는 것",
        },
        {
          en: "The redirect to /",
          ko: "/로의 리다이렉트",
        },
      ],
      answer: 1,
      hint: {
        en: "Max-Age=0 reaches only this browser. Where else could the id still be?",
        ko: "Max-Age=0은 이 브라우저에만 전해집니다. ID가 또 어디에 남아 있을 수 있을까요?",
      },
      explain: {
        en: "Max-Age=0 only asks this client's jar to forget; a copy elsewhere still holds the id. Once the store forgets it, every copy is worthless.",
        ko: "Max-Age=0은 이 클라이언트의 쿠키 저장소에 잊어 달라고 부탁할 뿐이라 다른 곳의 사본은 여전히 ID를 갖고 있습니다. 저장소가 잊어야 모든 사본이 쓸모없어집니다.",
      },
    },
    expiry: {
      id: "cookie-expired",
      prompt: {
        en: "The cookie's Max-Age has run out. What does the jar do on the next request?",
        ko: "쿠키의 Max-Age가 다 되었습니다. 다음 요청 때 쿠키 저장소는 어떻게 할까요?",
      },
      choices: [
        {
          en: "Sends it anyway and lets the server decide",
          ko: "그래도 보내고 판단은 서버에 맡긴다",
        },
        {
          en: "Asks the server to renew it first",
          ko: "먼저 서버에 갱신을 요청한다",
        },
        {
          en: "Deletes it and sends no Cookie",
          ko: "지우고 Cookie 없이 보낸다",
        },
      ],
      answer: 2,
      hint: {
        en: "Expiry is enforced by the client's own jar.",
        ko: "만료는 클라이언트의 쿠키 저장소가 스스로 지킵니다.",
      },
      explain: {
        en: "An expired cookie is removed from the jar and never sent (RFC 6265 §5.3). The server has its own clock as well.",
        ko: "만료된 쿠키는 쿠키 저장소에서 지워지고 보내지지 않습니다(RFC 6265 §5.3). 서버에도 따로 시계가 있습니다.",
      },
    },
  },
  final: [
    {
      id: "cookie-where-state",
      prompt: {
        en: "After login, where is the user's name kept?",
        ko: "로그인한 뒤 사용자 이름은 어디에 보관될까요?",
      },
      choices: [
        {
          en: "In the server's session, found through the sid",
          ko: "sid로 찾는 서버의 세션 안에",
        },
        {
          en: "In the sid cookie, encoded",
          ko: "sid 쿠키 안에 인코딩되어",
        },
        {
          en: "In the TCP connection",
          ko: "TCP 연결 안에",
        },
      ],
      answer: 0,
      hint: {
        en: "The sid is 22 random characters. Could a name be hidden in it?",
        ko: "sid는 무작위 문자 22개입니다. 그 안에 이름이 들어 있을 수 있을까요?",
      },
      explain: {
        en: "The cookie carries only a random key; the name lives in the store. HTTP and TCP keep no state across requests.",
        ko: "쿠키는 무작위 열쇠만 나르고 이름은 저장소에 있습니다. HTTP도 TCP도 요청 사이의 상태를 지니지 않습니다.",
      },
    },
    {
      id: "cookie-httponly",
      prompt: {
        en: "Which attribute keeps a script injected into the page from reading the sid?",
        ko: "페이지에 주입된 스크립트가 sid를 읽지 못하게 막는 속성은 무엇일까요?",
      },
      choices: [
        {
          en: "Secure",
          ko: "Secure",
        },
        {
          en: "SameSite=Lax",
          ko: "SameSite=Lax",
        },
        {
          en: "Path=/",
          ko: "Path=/",
        },
        {
          en: "HttpOnly",
          ko: "HttpOnly",
        },
      ],
      answer: 3,
      hint: {
        en: "The attack runs inside the page, as JavaScript. Which attribute is about scripts, not about the transport or other sites?",
        ko: "공격은 페이지 안에서 자바스크립트로 실행됩니다. 전송 경로나 다른 사이트가 아니라 스크립트와 관계된 속성은 무엇일까요?",
      },
      explain: {
        en: "HttpOnly hides the cookie from document.cookie. Secure keeps it off plain http; SameSite keeps it off cross-site requests.",
        ko: "HttpOnly는 document.cookie에서 쿠키를 숨깁니다. Secure는 평문 http에서, SameSite는 사이트 간 요청에서 쿠키를 뺍니다.",
      },
    },
    {
      id: "cookie-samesite",
      prompt: {
        en: "Another site hides a form that POSTs to this shop's /cart. What stops it from adding to your cart?",
        ko: "다른 사이트가 이 상점의 /cart로 POST하는 폼을 숨겨 둡니다. 여러분의 장바구니에 담지 못하게 막는 것은 무엇일까요?",
      },
      choices: [
        {
          en: "HttpOnly",
          ko: "HttpOnly",
        },
        {
          en: "The 303 redirect",
          ko: "303 리다이렉트",
        },
        {
          en: "SameSite=Lax: the cookie is not sent with it",
          ko: "SameSite=Lax: 쿠키가 함께 가지 않는다",
        },
      ],
      answer: 2,
      hint: {
        en: "The forged request comes from another site. Which attribute looks at where a request comes from?",
        ko: "위조된 요청은 다른 사이트에서 옵니다. 요청이 어디서 왔는지 따지는 속성은 무엇일까요?",
      },
      explain: {
        en: "Without the cookie the request arrives as a stranger's, so it cannot touch your session (cross-site request forgery).",
        ko: "쿠키 없이 도착한 요청은 낯선 사람의 요청이므로 여러분의 세션을 건드릴 수 없습니다(사이트 간 요청 위조).",
      },
    },
    {
      id: "cookie-cache",
      prompt: {
        en: 'Why does a response with Set-Cookie say Cache-Control: private, no-cache="Set-Cookie"?',
        ko: '왜 Set-Cookie가 있는 응답에 Cache-Control: private, no-cache="Set-Cookie"를 붙일까요?',
      },
      choices: [
        {
          en: "So a shared cache never hands one person's cookie to another",
          ko: "공유 캐시가 한 사람의 쿠키를 다른 사람에게 넘기지 않도록",
        },
        {
          en: "To make the page load faster",
          ko: "페이지를 더 빨리 띄우려고",
        },
        {
          en: "Because cookies expire",
          ko: "쿠키가 만료되기 때문에",
        },
      ],
      answer: 0,
      hint: {
        en: "A shared cache (a proxy) may hand one stored response to many users.",
        ko: "공유 캐시(프록시)는 저장한 응답 하나를 여러 사용자에게 건넬 수 있습니다.",
      },
      explain: {
        en: "A proxy that replayed a stored Set-Cookie would put the next visitor into your session.",
        ko: "프록시가 저장해 둔 Set-Cookie를 다시 내주면 다음 방문자가 여러분의 세션에 들어가게 됩니다.",
      },
    },
    {
      id: "cookie-many-servers",
      prompt: {
        en: "Three servers behind a round-robin balancer, each with its own in-memory store. What happens to a logged-in user?",
        ko: "라운드 로빈 로드 밸런서 뒤에 서버 세 대가 각자 메모리 저장소를 갖고 있습니다. 로그인한 사용자에게 무슨 일이 생길까요?",
      },
      choices: [
        {
          en: "Nothing: the cookie carries the session",
          ko: "아무 일도 없다: 쿠키가 세션을 나른다",
        },
        {
          en: "Requests reaching another server find no session: sticky sessions or a shared store fix it",
          ko: "다른 서버로 간 요청은 세션을 찾지 못한다: 스티키 세션이나 공유 저장소로 해결한다",
        },
        {
          en: "The balancer copies the cookie to all three",
          ko: "로드 밸런서가 쿠키를 세 대에 모두 복사한다",
        },
      ],
      answer: 1,
      hint: {
        en: "The cookie holds only a key. Where is the session it opens?",
        ko: "쿠키에는 열쇠만 들어 있습니다. 그 열쇠로 여는 세션은 어디에 있을까요?",
      },
      explain: {
        en: "The cookie is only a key; the session is in one server's memory. Pin the user to that server, or keep sessions where all servers can look.",
        ko: "쿠키는 열쇠일 뿐이고 세션은 한 서버의 메모리에 있습니다. 사용자를 그 서버에 묶거나, 모든 서버가 볼 수 있는 곳에 세션을 두어야 합니다.",
      },
    },
  ],
};
