import type { Quiz } from "../../src/runtime/lesson.js";

export const quiz: Quiz = {
  predict: {
    "first-datagram": {
      id: "udp-implicit-port",
      prompt: {
        en: "The client never called bind(). What happens at its first sendto()?",
        ko: "클라이언트는 bind()를 부른 적이 없습니다. 첫 sendto()에서는 무슨 일이 일어날까요?",
      },
      choices: [
        { en: "It fails: a socket must be bound first", ko: "실패한다: 먼저 바인드해야 한다" },
        {
          en: "The kernel picks a free port for it, and the datagram leaves from there",
          ko: "커널이 빈 포트를 골라 주고 데이터그램은 그 포트에서 나간다",
        },
        { en: "It first does a handshake with the server", ko: "먼저 서버와 핸드셰이크를 한다" },
        { en: "It sends from the server's port", ko: "서버의 포트에서 보낸다" },
      ],
      answer: 1,
      explain: {
        en: "An unbound UDP socket is bound implicitly at its first send; the port shows in the event above.",
        ko: "바인드하지 않은 UDP 소켓은 첫 송신 때 자동으로 바인드됩니다. 위 이벤트에 그 포트가 보입니다.",
      },
    },
    boundaries: {
      id: "udp-boundaries",
      prompt: {
        en: "The client calls sendto() three times in a row. How many recvfrom() calls does the server need to read it all?",
        ko: "클라이언트가 sendto()를 연달아 세 번 부릅니다. 서버가 모두 읽으려면 recvfrom()을 몇 번 불러야 할까요?",
      },
      choices: [
        { en: "One: the bytes are joined", ko: "한 번: 바이트가 합쳐진다" },
        { en: "Three: one datagram each", ko: "세 번: 데이터그램마다 한 번" },
        { en: "It depends on the buffer size only", ko: "버퍼 크기에 따라서만 달라진다" },
      ],
      answer: 1,
      explain: {
        en: "UDP keeps message boundaries: each sendto() is one datagram and each recvfrom() returns exactly one.",
        ko: "UDP는 메시지 경계를 지킵니다. sendto() 한 번이 데이터그램 하나이고, recvfrom()은 정확히 하나씩 돌려줍니다.",
      },
    },
    loss: {
      id: "udp-loss",
      prompt: {
        en: "The network drops the client's datagram. What does the client notice?",
        ko: "네트워크가 클라이언트의 데이터그램을 버립니다. 클라이언트는 무엇을 알게 될까요?",
      },
      choices: [
        { en: "An error from sendto()", ko: "sendto()의 오류" },
        { en: "UDP resends it automatically", ko: "UDP가 자동으로 다시 보낸다" },
        {
          en: "Only that no reply came before its timeout",
          ko: "타임아웃 전에 답이 오지 않았다는 것뿐",
        },
      ],
      answer: 2,
      explain: {
        en: "sendto() succeeded the moment the datagram left; UDP has no acknowledgements. The only sign is silence.",
        ko: "sendto()는 데이터그램이 나가는 순간 성공했습니다. UDP에는 확인 응답이 없으므로 유일한 신호는 침묵입니다.",
      },
    },
  },
  final: [
    {
      id: "udp-reply-address",
      prompt: {
        en: "How does the UDP server know where to send the reply?",
        ko: "UDP 서버는 답장을 어디로 보낼지 어떻게 알까요?",
      },
      choices: [
        { en: "From the connection it accepted", ko: "수락한 연결에서" },
        {
          en: "From the address recvfrom() returned with the datagram",
          ko: "recvfrom()이 데이터그램과 함께 돌려준 주소에서",
        },
        {
          en: "The client told it during the handshake",
          ko: "핸드셰이크 때 클라이언트가 알려 주었다",
        },
      ],
      answer: 1,
      explain: {
        en: "There is no connection: every datagram carries its sender's address, and recvfrom() hands it over.",
        ko: "연결이 없으므로 데이터그램마다 보낸 쪽 주소가 실려 있고, recvfrom()이 그것을 넘겨줍니다.",
      },
    },
    {
      id: "udp-close",
      prompt: {
        en: "What does the server see when a UDP client calls close()?",
        ko: "UDP 클라이언트가 close()를 부르면 서버는 무엇을 볼까요?",
      },
      choices: [
        { en: "A FIN", ko: "FIN" },
        { en: "A zero-length datagram", ko: "길이 0인 데이터그램" },
        { en: "Nothing at all", ko: "아무것도 보지 못한다" },
      ],
      answer: 2,
      explain: {
        en: "close() only frees the local port; nothing is sent.",
        ko: "close()는 로컬 포트를 돌려줄 뿐 아무것도 보내지 않습니다.",
      },
    },
  ],
};
