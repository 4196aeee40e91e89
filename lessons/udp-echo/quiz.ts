import { format } from "../../src/i18n/locale.js";
import { type Addr, formatAddr } from "../../src/net/address.js";
import type { Quiz } from "../../src/runtime/lesson.js";
import { numberChoice, runChoices } from "../../src/runtime/questions.js";

/** What the end-of-lesson question about this run reads from the steps' state. */
interface Run {
  /** The client's address, as the server's recvfrom() reported it. */
  from?: Addr;
  serverAddr?: Addr;
}

export const quiz: Quiz<string, Run> = {
  predict: {
    "first-datagram": {
      id: "udp-implicit-port",
      prompt: {
        en: "The client never called bind(). What happens at its first sendto()?",
        ko: "클라이언트는 bind()를 부른 적이 없습니다. 첫 sendto()에서는 무슨 일이 일어날까요?",
      },
      choices: [
        {
          en: "The kernel picks a free port for it, and the datagram leaves from there",
          ko: "커널이 빈 포트를 골라 주고 데이터그램은 그 포트에서 나간다",
        },
        {
          en: "It fails: a socket must be bound first",
          ko: "실패한다: 먼저 바인드해야 한다",
        },
        {
          en: "It first does a handshake with the server",
          ko: "먼저 서버와 핸드셰이크를 한다",
        },
        {
          en: "It sends from the server's port",
          ko: "서버의 포트에서 보낸다",
        },
      ],
      answer: 0,
      hint: {
        en: "A datagram needs a source port on the wire. If the program never chose one, who could?",
        ko: "데이터그램에는 출발지 포트가 있어야 합니다. 프로그램이 고르지 않았다면 누가 정해 줄 수 있을까요?",
      },
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
        {
          en: "One: the bytes are joined",
          ko: "한 번: 바이트가 합쳐진다",
        },
        {
          en: "It depends on the buffer size only",
          ko: "버퍼 크기에 따라서만 달라진다",
        },
        {
          en: "Three: one datagram each",
          ko: "세 번: 데이터그램마다 한 번",
        },
      ],
      answer: 2,
      hint: {
        en: "UDP delivers messages, not a stream of bytes.",
        ko: "UDP는 바이트 스트림이 아니라 메시지 단위로 전달합니다.",
      },
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
        {
          en: "Only that no reply came before its timeout",
          ko: "타임아웃 전에 답이 오지 않았다는 것뿐",
        },
        {
          en: "An error from sendto()",
          ko: "sendto()의 오류",
        },
        {
          en: "UDP resends it automatically",
          ko: "UDP가 자동으로 다시 보낸다",
        },
      ],
      answer: 0,
      hint: {
        en: "UDP sends no acknowledgements. What could tell the client that its datagram was lost?",
        ko: "UDP는 확인 응답을 보내지 않습니다. 데이터그램이 사라졌다는 것을 무엇이 알려 줄 수 있을까요?",
      },
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
        {
          en: "From the connection it accepted",
          ko: "수락한 연결에서",
        },
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
      hint: {
        en: "UDP has no connection and no handshake. What comes with every datagram the server receives?",
        ko: "UDP에는 연결도 핸드셰이크도 없습니다. 서버가 받는 데이터그램마다 함께 오는 것은 무엇일까요?",
      },
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
        {
          en: "A FIN",
          ko: "FIN",
        },
        {
          en: "Nothing at all",
          ko: "아무것도 보지 못한다",
        },
        {
          en: "A zero-length datagram",
          ko: "길이 0인 데이터그램",
        },
      ],
      answer: 1,
      hint: {
        en: "Is there a connection for close() to end?",
        ko: "close()가 끝낼 연결이 있었나요?",
      },
      explain: {
        en: "close() only frees the local port; nothing is sent.",
        ko: "close()는 로컬 포트를 돌려줄 뿐 아무것도 보내지 않습니다.",
      },
    },
  ],
  fromRun(s) {
    if (!s.from || !s.serverAddr) return [];
    const port = s.from.port;
    const server = s.serverAddr.port;
    const facts = { port, server, from: formatAddr(s.from) };
    const { choices, answer } = runChoices(numberChoice(port), [
      numberChoice(server),
      { en: "0: it never called bind()", ko: "0: bind()를 부른 적이 없으므로" },
      numberChoice(12000),
      numberChoice(2048),
    ]);
    return [
      {
        id: "udp-run-port",
        prompt: {
          en: "In this run the client never called bind(), yet its datagrams left from a port of their own. Which port did the kernel give the client?",
          ko: "이번 실행에서 클라이언트는 bind()를 부르지 않았는데도 데이터그램은 자기 포트에서 나갔습니다. 커널이 클라이언트에게 준 포트는 몇 번이었을까요?",
        },
        choices,
        answer,
        hint: {
          en: "The server's recvfrom() reported the sender's address with the first datagram.",
          ko: "서버의 recvfrom()이 첫 데이터그램과 함께 보낸 쪽 주소를 알려 주었습니다.",
        },
        explain: {
          en: format(
            "{port}: the kernel bound the client's socket to it at the first sendto(), and the server's recvfrom() reported {from} as the sender. {server} is the server's own port.",
            facts,
          ),
          ko: format(
            "{port}번입니다. 첫 sendto() 때 커널이 클라이언트 소켓을 그 포트에 바인드했고, 서버의 recvfrom()은 보낸 쪽을 {from}(으)로 알려 주었습니다. {server}번은 서버 자신의 포트입니다.",
            facts,
            "ko",
          ),
        },
      },
    ];
  },
};
