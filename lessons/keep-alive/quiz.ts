import type { Quiz } from "../../src/runtime/lesson.js";

export const quiz: Quiz = {
  predict: {
    http10: {
      id: "ka-http10-connections",
      prompt: {
        en: "The client sends 5 HTTP/1.0 requests with no Connection header. How many TCP connections will it open?",
        ko: "클라이언트가 Connection 헤더 없이 HTTP/1.0 요청 5개를 보냅니다. TCP 연결을 몇 개 열까요?",
      },
      choices: [
        {
          en: "1: TCP keeps the connection anyway",
          ko: "1개: TCP가 어차피 연결을 유지한다",
        },
        {
          en: "5: one per request",
          ko: "5개: 요청마다 하나",
        },
        {
          en: "2: one per direction",
          ko: "2개: 방향마다 하나",
        },
      ],
      answer: 1,
      hint: {
        en: "In HTTP/1.0, who closes the connection after a response, unless both sides agreed otherwise?",
        ko: "HTTP/1.0에서는 따로 합의하지 않으면 응답 뒤에 누가 연결을 닫을까요?",
      },
      explain: {
        en: "In HTTP/1.0 the server closes after every response unless keep-alive was agreed: N requests, N handshakes.",
        ko: "HTTP/1.0에서는 keep-alive를 합의하지 않는 한 서버가 응답마다 연결을 닫습니다. 요청 N개면 핸드셰이크도 N번입니다.",
      },
    },
    keepalive: {
      id: "ka-max",
      prompt: {
        en: "The first answer will say Keep-Alive: timeout=5, max=3, and each later one counts max down (2, then 1, as Apache does). How many connections for 5 requests?",
        ko: "첫 응답에는 Keep-Alive: timeout=5, max=3이 오고, 그 뒤의 응답은 Apache처럼 max를 하나씩 줄여 갑니다(2, 그다음 1). 요청 5개에 연결은 몇 개일까요?",
      },
      choices: [
        {
          en: "2: four requests, then one more on a new one",
          ko: "2개: 요청 넷, 그리고 새 연결에서 하나",
        },
        {
          en: "1",
          ko: "1개",
        },
        {
          en: "3",
          ko: "3개",
        },
        {
          en: "5",
          ko: "5개",
        },
      ],
      answer: 0,
      hint: {
        en: "max=3 counts the requests still welcome after this first answer.",
        ko: "max=3은 이 첫 응답 뒤에 더 받아 줄 요청 수입니다.",
      },
      explain: {
        en: "max counts the requests still welcome after this answer: max=3 on the first means four on the connection, so ceil(5/4) = 2 connections. It is a hint, though: the server may close earlier, for instance after its idle timeout.",
        ko: "max는 이 응답 뒤로 더 받을 요청의 수입니다. 첫 응답의 max=3은 연결 하나에 요청 넷이라는 뜻이므로 ceil(5/4) = 연결 2개입니다. 다만 힌트일 뿐이라, 서버는 유휴 타임아웃 같은 이유로 더 일찍 닫을 수 있습니다.",
      },
    },
    http11: {
      id: "ka-http11-default",
      prompt: {
        en: "An HTTP/1.1 request without any Connection header gets an answer without one. What happens to the connection?",
        ko: "Connection 헤더 없는 HTTP/1.1 요청에 Connection 헤더 없는 응답이 옵니다. 연결은 어떻게 될까요?",
      },
      choices: [
        {
          en: "It stays open for the next request",
          ko: "다음 요청을 위해 열려 있다",
        },
        {
          en: "It closes, as in HTTP/1.0",
          ko: "HTTP/1.0처럼 닫힌다",
        },
        {
          en: "It closes after the idle timeout only if the client asked",
          ko: "클라이언트가 요청했을 때만 타임아웃 뒤에 닫힌다",
        },
      ],
      answer: 0,
      hint: {
        en: "What did HTTP/1.1 change about the default?",
        ko: "HTTP/1.1은 기본값을 어떻게 바꾸었을까요?",
      },
      explain: {
        en: "HTTP/1.1 connections are persistent by default; only Connection: close (or a timeout, or an error) ends them.",
        ko: "HTTP/1.1 연결은 기본이 지속 커넥션입니다. Connection: close나 타임아웃, 오류만이 연결을 끝냅니다.",
      },
    },
    "no-length": {
      id: "ka-no-length",
      prompt: {
        en: "A response has no Content-Length and is not chunked. How does the client know its body is complete?",
        ko: "응답에 Content-Length도 없고 chunked도 아닙니다. 클라이언트는 본문이 다 왔다는 것을 어떻게 알까요?",
      },
      choices: [
        {
          en: "From an empty line after the body",
          ko: "본문 뒤의 빈 줄로",
        },
        {
          en: "When the server closes the connection",
          ko: "서버가 연결을 닫을 때",
        },
        {
          en: "It waits for the idle timeout",
          ko: "유휴 타임아웃까지 기다린다",
        },
      ],
      answer: 1,
      hint: {
        en: "Without a length and without chunks, what is the only sign that no more bytes will come?",
        ko: "길이도 청크도 없으면, 더 올 바이트가 없다는 신호는 무엇뿐일까요?",
      },
      explain: {
        en: "Without a length the close is the only end marker, so that connection cannot carry another request.",
        ko: "길이가 없으면 연결 종료만이 끝 표시이므로, 그 연결로는 다음 요청을 나를 수 없습니다.",
      },
    },
    idle: {
      id: "ka-idle",
      prompt: {
        en: "The client stays silent longer than the server's idle timeout. What happens to its next request?",
        ko: "클라이언트가 서버의 유휴 타임아웃보다 오래 아무것도 보내지 않습니다. 다음 요청은 어떻게 될까요?",
      },
      choices: [
        {
          en: "It needs a new connection (a new handshake)",
          ko: "새 연결(새 핸드셰이크)이 필요하다",
        },
        {
          en: "It goes on the same connection",
          ko: "같은 연결로 간다",
        },
        {
          en: "It fails for good",
          ko: "완전히 실패한다",
        },
      ],
      answer: 0,
      hint: {
        en: "When the idle timeout has passed, the server does something to the connection.",
        ko: "유휴 타임아웃이 지나면 서버는 연결에 무언가를 합니다.",
      },
      explain: {
        en: "The server closed the idle connection (FIN); the client sees it and connects again.",
        ko: "서버가 쉬는 연결을 닫았으므로(FIN) 클라이언트는 그것을 보고 다시 연결합니다.",
      },
    },
    "hop-by-hop": {
      id: "ka-hop",
      prompt: {
        en: "A request says Connection: X-Trace-Hop, close and X-Trace-Hop: 1. What does a proxy forward to the server?",
        ko: "요청에 Connection: X-Trace-Hop, close와 X-Trace-Hop: 1이 있습니다. 프록시는 서버로 무엇을 전달할까요?",
      },
      choices: [
        {
          en: "Both headers unchanged",
          ko: "두 헤더를 그대로",
        },
        {
          en: "X-Trace-Hop only",
          ko: "X-Trace-Hop만",
        },
        {
          en: "Neither: Connection and what it names stop at this hop",
          ko: "둘 다 아니다: Connection과 거기 적힌 헤더는 이 홉에서 끝난다",
        },
      ],
      answer: 2,
      hint: {
        en: "Connection describes one link only, and so do the fields it names.",
        ko: "Connection은 링크 하나만 설명하고, 거기에 이름이 적힌 필드도 마찬가지입니다.",
      },
      explain: {
        en: "A proxy deletes Connection and every field it names before forwarding; they describe one link only.",
        ko: "프록시는 전달하기 전에 Connection과 거기 적힌 모든 필드를 지웁니다. 그 필드들은 한 구간만 설명합니다.",
      },
    },
  },
  final: [
    {
      id: "ka-model",
      prompt: {
        en: "With RTT 100 ms, about how long do 4 requests take on one HTTP/1.1 connection, counting its handshake?",
        ko: "RTT가 100 ms일 때, HTTP/1.1 연결 하나로 요청 4개를 보내면 핸드셰이크까지 대략 얼마나 걸릴까요?",
      },
      choices: [
        {
          en: "400 ms",
          ko: "400 ms",
        },
        {
          en: "500 ms",
          ko: "500 ms",
        },
        {
          en: "800 ms",
          ko: "800 ms",
        },
      ],
      answer: 1,
      hint: {
        en: "Count round trips: how many does the handshake take, and how many each request on an open connection?",
        ko: "왕복 횟수를 세어 보세요. 핸드셰이크에 몇 번, 열린 연결 위의 요청 하나에 몇 번이 들까요?",
      },
      explain: {
        en: "One handshake plus one RTT per request: RTT + 4 × RTT = 500 ms. With a new connection each time it would be 800 ms.",
        ko: "핸드셰이크 한 번에 요청마다 RTT 한 번: RTT + 4 × RTT = 500 ms입니다. 매번 새로 연결하면 800 ms입니다.",
      },
    },
    {
      id: "ka-echo",
      prompt: {
        en: "An HTTP/1.0 client sent Connection: Keep-Alive, but the response does not mention it. What should the client do?",
        ko: "HTTP/1.0 클라이언트가 Connection: Keep-Alive를 보냈는데 응답에는 그 말이 없습니다. 클라이언트는 어떻게 해야 할까요?",
      },
      choices: [
        {
          en: "Send the next request on the same connection",
          ko: "같은 연결로 다음 요청을 보낸다",
        },
        {
          en: "Wait for the Keep-Alive timeout",
          ko: "Keep-Alive 타임아웃까지 기다린다",
        },
        {
          en: "Assume the server will close, and use a new connection",
          ko: "서버가 닫는다고 보고 새 연결을 쓴다",
        },
      ],
      answer: 2,
      hint: {
        en: "In HTTP/1.0, Keep-Alive holds only if both sides say it.",
        ko: "HTTP/1.0의 Keep-Alive는 양쪽이 모두 말했을 때만 유효합니다.",
      },
      explain: {
        en: "Keep-Alive holds only if the server echoes it. A server that does not know it closes the connection after its answer, so a second request there gets no answer. (Hanging until a timeout is the dumb-proxy case: a proxy that forwards Connection: Keep-Alive without understanding it.)",
        ko: "Keep-Alive는 서버가 되돌려 줄 때만 성립합니다. 그것을 모르는 서버는 응답한 뒤 연결을 닫으므로, 그 연결에 보낸 두 번째 요청은 답을 받지 못합니다. (타임아웃까지 멈추는 것은 Connection: Keep-Alive를 이해하지 못한 채 넘기는 멍청한 프록시의 경우입니다.)",
      },
    },
    {
      id: "ka-framing",
      prompt: {
        en: "What makes it possible to send a second request on the same connection?",
        ko: "같은 연결로 두 번째 요청을 보낼 수 있게 해 주는 것은 무엇일까요?",
      },
      choices: [
        {
          en: "Each message says where it ends (Content-Length or chunked)",
          ko: "메시지마다 끝나는 곳을 밝힌다(Content-Length나 chunked)",
        },
        {
          en: "The Date header",
          ko: "Date 헤더",
        },
        {
          en: "A short RTT",
          ko: "짧은 RTT",
        },
      ],
      answer: 0,
      hint: {
        en: "On an open connection the reader must know where one response stops and the next begins.",
        ko: "열린 연결에서 읽는 쪽은 한 응답이 어디서 끝나고 다음이 어디서 시작하는지 알아야 합니다.",
      },
      explain: {
        en: "Only a self-delimited message can end without ending the connection.",
        ko: "스스로 끝을 밝히는 메시지만 연결을 끝내지 않고도 끝날 수 있습니다.",
      },
    },
  ],
};
