import type { Quiz } from "../../src/runtime/lesson.js";

export const quiz: Quiz = {
  predict: {
    pipelined: {
      id: "pl-order",
      prompt: {
        en: "The client pipelines GET /slow, then four quick GETs. The quick answers are ready at once. When does the client get them?",
        ko: "클라이언트가 GET /slow와 빠른 GET 네 개를 파이프라인으로 보냅니다. 빠른 응답은 바로 준비됩니다. 클라이언트는 그것들을 언제 받을까요?",
      },
      choices: [
        {
          en: "At once, before /slow's answer",
          ko: "바로, /slow의 응답보다 먼저",
        },
        {
          en: "Never: the server drops them",
          ko: "받지 못한다: 서버가 버린다",
        },
        {
          en: "Only after /slow's answer: answers go in request order",
          ko: "/slow의 응답 뒤에야: 응답은 요청 순서대로 간다",
        },
      ],
      answer: 2,
      hint: {
        en: "HTTP/1.1 answers carry no request number. How does the client match them to its requests?",
        ko: "HTTP/1.1 응답에는 요청 번호가 없습니다. 클라이언트는 무엇으로 요청과 짝을 맞출까요?",
      },
      explain: {
        en: "HTTP/1.1 matches answers to requests only by their order, so a ready answer waits behind a slow one: head-of-line blocking.",
        ko: "HTTP/1.1은 순서로만 응답과 요청을 짝지으므로, 준비된 응답도 느린 응답 뒤에서 기다립니다. HOL 블로킹입니다.",
      },
    },
    parallel: {
      id: "pl-parallel",
      prompt: {
        en: "The same requests over 3 parallel connections. Does /slow still delay /a?",
        ko: "같은 요청을 병렬 커넥션 3개로 보냅니다. /slow가 여전히 /a를 늦출까요?",
      },
      choices: [
        {
          en: "Yes, answers are still ordered across all connections",
          ko: "그렇다, 응답은 모든 연결에 걸쳐 순서를 지킨다",
        },
        {
          en: "No, /slow holds up only its own connection",
          ko: "아니다, /slow는 자기 연결만 붙잡는다",
        },
      ],
      answer: 1,
      hint: {
        en: "Each connection has its own order of requests and answers. Do connections wait for each other?",
        ko: "연결마다 요청과 응답의 순서가 따로 있습니다. 연결끼리 서로를 기다릴까요?",
      },
      explain: {
        en: "Order is kept per connection only; other connections answer independently.",
        ko: "순서는 연결마다만 지켜집니다. 다른 연결은 따로 답합니다.",
      },
    },
    post: {
      id: "pl-post",
      prompt: {
        en: "GET /a, POST /form, GET /b are queued. What does a correct client write first?",
        ko: "GET /a, POST /form, GET /b가 대기 중입니다. 올바른 클라이언트는 무엇을 먼저 쓸까요?",
      },
      choices: [
        {
          en: "GET /a alone; the POST waits for its answer",
          ko: "GET /a만; POST는 그 응답을 기다린다",
        },
        {
          en: "All three back to back",
          ko: "셋 다 연달아",
        },
        {
          en: "The POST first, since it changes things",
          ko: "바꾸는 요청이니 POST를 먼저",
        },
      ],
      answer: 0,
      hint: {
        en: "A POST changes something on the server. What could go wrong if it had to be sent again after a failure?",
        ko: "POST는 서버의 무언가를 바꿉니다. 실패한 뒤 다시 보내야 한다면 무엇이 잘못될 수 있을까요?",
      },
      explain: {
        en: "RFC 9112 §9.3.2 forbids only what follows a non-idempotent request: nothing is pipelined behind the POST until its answer. RFC 2616 also had the POST wait for the answers before it. A client that keeps both writes GET /a alone.",
        ko: "RFC 9112 §9.3.2가 막는 것은 멱등성 없는 요청의 뒤쪽뿐입니다. POST의 응답이 올 때까지 그 뒤에 아무것도 파이프라인으로 보내지 않습니다. RFC 2616은 POST가 앞의 응답도 기다리게 했습니다. 둘 다 지키는 클라이언트는 GET /a만 먼저 씁니다.",
      },
    },
    "server-closes": {
      id: "pl-resend",
      prompt: {
        en: "Five GETs are in the pipe; the server answers two and closes. What does the client do?",
        ko: "GET 다섯 개가 파이프에 있는데 서버가 둘에 답하고 닫습니다. 클라이언트는 어떻게 할까요?",
      },
      choices: [
        {
          en: "Report an error for all five",
          ko: "다섯 개 모두 오류로 보고한다",
        },
        {
          en: "Resend the three unanswered ones on a new connection",
          ko: "답을 못 받은 셋만 새 연결로 다시 보낸다",
        },
        {
          en: "Resend all five on a new connection",
          ko: "새 연결로 다섯 개를 모두 다시 보낸다",
        },
      ],
      answer: 1,
      hint: {
        en: "Which of the five got an answer, and is a GET safe to send twice?",
        ko: "다섯 중 어느 것이 응답을 받았고, GET은 두 번 보내도 안전할까요?",
      },
      explain: {
        en: "The two answered are done; the three unanswered GETs are idempotent, so sending them again is safe.",
        ko: "답을 받은 둘은 끝났고, 답을 못 받은 GET 셋은 멱등성이 있으므로 다시 보내도 안전합니다.",
      },
    },
  },
  final: [
    {
      id: "pl-cost",
      prompt: {
        en: "On an open connection with RTT 100 ms, 5 quick requests: about how long serial, and how long pipelined?",
        ko: "RTT 100 ms인 열린 연결에서 빠른 요청 5개: 직렬이면 대략 얼마, 파이프라인이면 얼마일까요?",
      },
      choices: [
        {
          en: "500 ms and 100 ms",
          ko: "500 ms와 100 ms",
        },
        {
          en: "500 ms and 500 ms",
          ko: "500 ms와 500 ms",
        },
        {
          en: "100 ms and 100 ms",
          ko: "100 ms와 100 ms",
        },
      ],
      answer: 0,
      hint: {
        en: "Serial: each request waits for the answer before it. Pipelined: how many requests share one round trip?",
        ko: "직렬에서는 요청마다 앞 응답을 기다립니다. 파이프라이닝에서는 요청 몇 개가 한 번의 왕복을 함께 쓸까요?",
      },
      explain: {
        en: "Serial pays a round trip per request; pipelined requests share one round trip.",
        ko: "직렬은 요청마다 왕복을 치르고, 파이프라인 요청은 왕복 하나를 함께 씁니다.",
      },
    },
    {
      id: "pl-h2",
      prompt: {
        en: "What lets HTTP/2 send a quick answer before a slow one on the same connection?",
        ko: "HTTP/2가 같은 연결에서 빠른 응답을 느린 응답보다 먼저 보낼 수 있는 이유는 무엇일까요?",
      },
      choices: [
        {
          en: "A larger TCP window",
          ko: "더 큰 TCP 윈도",
        },
        {
          en: "Frames tagged with a stream number",
          ko: "스트림 번호가 붙은 프레임",
        },
        {
          en: "Connection: keep-alive",
          ko: "Connection: keep-alive",
        },
      ],
      answer: 1,
      hint: {
        en: "To send answers out of order, each piece must say which request it belongs to.",
        ko: "응답을 순서와 다르게 보내려면 조각마다 어느 요청의 것인지 적혀 있어야 합니다.",
      },
      explain: {
        en: "Each frame says which exchange it belongs to, so answers no longer need to keep the requests' order.",
        ko: "프레임마다 어느 교환의 것인지 밝히므로 응답이 더 이상 요청 순서를 지킬 필요가 없습니다.",
      },
    },
  ],
};
