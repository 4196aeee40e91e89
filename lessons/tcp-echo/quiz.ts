import { format } from "../../src/i18n/locale.js";
import type { Quiz } from "../../src/runtime/lesson.js";
import { numberChoice, runChoices } from "../../src/runtime/questions.js";

/** A connection's two ends as one side saw them ("ip:port"). */
interface Ends {
  local: string | null;
  remote: string | null;
}

/** What the end-of-lesson question about this run reads from the steps' state. */
interface Run {
  /** The first client's connection as the server's accept() socket saw it. */
  accepted?: Ends;
  /** The second client's, likewise. */
  accepted2?: Ends;
}

/** The port of an "ip:port" (or "[v6]:port") address. */
function portOf(address: string | null | undefined): number | null {
  const m = address ? /:(\d+)$/.exec(address) : null;
  return m ? Number(m[1]) : null;
}

export const quiz: Quiz<string, Run> = {
  predict: {
    refused: {
      id: "tcp-refused",
      prompt: {
        en: "The client calls connect() to a port where no program listens yet. What happens?",
        ko: "아직 아무 프로그램도 리슨하지 않는 포트로 클라이언트가 connect()를 부릅니다. 어떻게 될까요?",
      },
      choices: [
        {
          en: "connect() waits until a server starts listening",
          ko: "서버가 리슨을 시작할 때까지 connect()가 기다린다",
        },
        {
          en: "connect() succeeds; the error comes at the first send()",
          ko: "connect()는 성공하고, 첫 send()에서 오류가 난다",
        },
        {
          en: "The other kernel answers the SYN with RST, and connect() fails at once",
          ko: "상대 커널이 SYN에 RST로 답하고 connect()는 곧바로 실패한다",
        },
      ],
      answer: 2,
      hint: {
        en: "Nobody listens, but the machine is up: its kernel still receives the SYN.",
        ko: "리슨하는 프로그램은 없지만 컴퓨터는 켜져 있습니다. 그 커널은 SYN을 여전히 받습니다.",
      },
      explain: {
        en: "With no listening socket on the port, the kernel refuses the connection itself: ECONNREFUSED.",
        ko: "그 포트에 리슨 소켓이 없으면 커널이 직접 연결을 거부합니다: ECONNREFUSED.",
      },
    },
    handshake: {
      id: "tcp-backlog",
      prompt: {
        en: "The server will call listen() but not accept(). Will the client's connect() return?",
        ko: "서버는 listen()만 하고 accept()는 부르지 않을 것입니다. 클라이언트의 connect()는 돌아올까요?",
      },
      choices: [
        {
          en: "Yes: the kernels do the handshake; the connection then waits in the backlog queue",
          ko: "그렇다: 커널끼리 핸드셰이크를 하고, 연결은 백로그 큐에서 기다린다",
        },
        {
          en: "No: it waits until the server calls accept()",
          ko: "아니다: 서버가 accept()를 부를 때까지 기다린다",
        },
        {
          en: "No: it fails with ECONNREFUSED",
          ko: "아니다: ECONNREFUSED로 실패한다",
        },
      ],
      answer: 0,
      hint: {
        en: "Who answers the SYN: the program, or its kernel?",
        ko: "SYN에 답하는 것은 프로그램일까요, 커널일까요?",
      },
      explain: {
        en: "listen() is enough for the kernel to complete handshakes; accept() only takes a finished connection off the queue (next step).",
        ko: "커널이 핸드셰이크를 끝내는 데는 listen()이면 충분합니다. accept()는 끝난 연결을 큐에서 꺼낼 뿐입니다(다음 단계).",
      },
    },
    "new-socket": {
      id: "tcp-new-socket",
      prompt: {
        en: "accept() has returned. Which socket will carry this client's bytes?",
        ko: "accept()가 돌아왔습니다. 이 클라이언트의 바이트는 어느 소켓으로 오갈까요?",
      },
      choices: [
        {
          en: "serverSocket, the listening socket",
          ko: "리슨 소켓인 serverSocket",
        },
        {
          en: "connectionSocket, the new socket accept() returned",
          ko: "accept()가 돌려준 새 소켓 connectionSocket",
        },
        {
          en: "Either one, whichever is free",
          ko: "비어 있는 쪽 아무거나",
        },
      ],
      answer: 1,
      hint: {
        en: "The listening socket must stay free for the next client.",
        ko: "리슨 소켓은 다음 클라이언트를 위해 비어 있어야 합니다.",
      },
      explain: {
        en: "Each connection gets its own socket; the listening socket only keeps accepting new ones.",
        ko: "연결마다 자기 소켓이 생깁니다. 리슨 소켓은 계속 새 연결을 받기만 합니다.",
      },
    },
    "second-client": {
      id: "tcp-second-client",
      prompt: {
        en: "A second client connects while the first is still connected. Which port does its connection use on the server?",
        ko: "첫 클라이언트가 연결된 채로 두 번째 클라이언트가 연결합니다. 서버 쪽에서 이 연결은 어느 포트를 쓸까요?",
      },
      choices: [
        {
          en: "A new server port, picked by the kernel",
          ko: "커널이 고른 새 서버 포트",
        },
        {
          en: "None: it must wait until the first client leaves",
          ko: "없다: 첫 클라이언트가 떠날 때까지 기다려야 한다",
        },
        {
          en: "The same server port; only the client's port differs",
          ko: "같은 서버 포트. 클라이언트 포트만 다르다",
        },
      ],
      answer: 2,
      hint: {
        en: "A TCP connection is named by four values, not by the server's port alone.",
        ko: "TCP 연결은 서버 포트 하나가 아니라 네 값으로 구별됩니다.",
      },
      explain: {
        en: "Connections are told apart by the whole 4-tuple, so many can share the server's port.",
        ko: "연결은 4-튜플 전체로 구별하므로 여러 연결이 서버 포트 하나를 함께 씁니다.",
      },
    },
    "byte-stream": {
      id: "tcp-byte-stream",
      prompt: {
        en: "The client calls send() twice in a row. How many recv() calls will the server need?",
        ko: "클라이언트가 send()를 연달아 두 번 부릅니다. 서버는 recv()를 몇 번 불러야 할까요?",
      },
      choices: [
        {
          en: "It depends: one recv() may return both, or a part",
          ko: "그때그때 다르다: recv() 한 번에 둘 다 올 수도, 일부만 올 수도 있다",
        },
        {
          en: "Always exactly two, one per send()",
          ko: "언제나 정확히 두 번, send()마다 한 번",
        },
        {
          en: "Always one",
          ko: "언제나 한 번",
        },
      ],
      answer: 0,
      hint: {
        en: "TCP carries a stream of bytes. Does it remember where one send() ended?",
        ko: "TCP는 바이트 스트림을 나릅니다. send() 하나가 어디서 끝났는지 기억할까요?",
      },
      explain: {
        en: "TCP keeps no message boundaries: recv() returns whatever bytes have arrived, up to its buffer size.",
        ko: "TCP는 메시지 경계를 지키지 않습니다. recv()는 버퍼 크기까지, 도착한 바이트를 있는 대로 돌려줍니다.",
      },
    },
    "half-close": {
      id: "tcp-half-close",
      prompt: {
        en: "The client calls shutdown(SHUT_WR). What does the server's next recv() return, and can it still reply?",
        ko: "클라이언트가 shutdown(SHUT_WR)을 부릅니다. 서버의 다음 recv()는 무엇을 돌려주고, 서버는 아직 답할 수 있을까요?",
      },
      choices: [
        {
          en: "An error; the connection is gone both ways",
          ko: "오류. 연결이 양쪽 모두 끊겼다",
        },
        {
          en: "0 bytes (EOF); the server can still send its reply",
          ko: "0바이트(EOF). 서버는 여전히 답장을 보낼 수 있다",
        },
        {
          en: "It blocks forever",
          ko: "영원히 기다린다",
        },
      ],
      answer: 1,
      hint: {
        en: "SHUT_WR closes one direction only. Which one?",
        ko: "SHUT_WR은 한 방향만 닫습니다. 어느 쪽일까요?",
      },
      explain: {
        en: "SHUT_WR closes only the client's sending direction: its FIN reads as EOF, and the other direction stays open.",
        ko: "SHUT_WR은 클라이언트의 송신 방향만 닫습니다. 그 FIN은 EOF로 읽히고, 반대 방향은 열려 있습니다.",
      },
    },
    close: {
      id: "tcp-time-wait",
      prompt: {
        en: "On the second connection the server will close first. On the first, the client's shutdown() already sent its FIN. Where does each connection's TIME_WAIT stay?",
        ko: "두 번째 연결은 서버가 먼저 닫을 것이고, 첫 번째 연결은 클라이언트의 shutdown()이 이미 FIN을 보냈습니다. 각 연결의 TIME_WAIT는 어디에 남을까요?",
      },
      choices: [
        {
          en: "Both on the server",
          ko: "둘 다 서버",
        },
        {
          en: "Both on the client",
          ko: "둘 다 클라이언트",
        },
        {
          en: "The second on the server, the first on the client: wherever the first FIN came from",
          ko: "두 번째는 서버, 첫 번째는 클라이언트: 첫 FIN을 보낸 쪽",
        },
        {
          en: "Nowhere: close() ends them at once",
          ko: "어디에도 없다: close()로 바로 끝난다",
        },
      ],
      answer: 2,
      hint: {
        en: "Follow the first FIN of each connection. Does shutdown() send one?",
        ko: "연결마다 첫 FIN이 어디서 나갔는지 따라가 보세요. shutdown()도 FIN을 보낼까요?",
      },
      explain: {
        en: "TIME_WAIT stays with the side that sent the first FIN, by close() or by shutdown(SHUT_WR).",
        ko: "TIME_WAIT는 close()든 shutdown(SHUT_WR)이든 FIN을 먼저 보낸 쪽에 남습니다.",
      },
    },
  },
  final: [
    {
      id: "tcp-sendto",
      prompt: {
        en: "Why should a TCP client call send(data) rather than sendto(data, (host, port))?",
        ko: "TCP 클라이언트는 왜 sendto(data, (host, port)) 대신 send(data)를 불러야 할까요?",
      },
      choices: [
        {
          en: "The connection already knows its peer; an address there is ignored or refused",
          ko: "연결이 이미 상대를 안다. 그 주소는 무시되거나 거부된다",
        },
        {
          en: "sendto() is slower",
          ko: "sendto()가 더 느려서",
        },
        {
          en: "send() encrypts the data",
          ko: "send()는 데이터를 암호화해서",
        },
      ],
      answer: 0,
      hint: {
        en: "After connect(), does the socket still need to be told where to send?",
        ko: "connect() 뒤에도 소켓에게 어디로 보낼지 알려 줘야 할까요?",
      },
      explain: {
        en: "connect() fixed the peer; Linux ignores a sendto() address on a connected TCP socket and other systems fail with EISCONN.",
        ko: "connect()가 상대를 정해 두었습니다. 연결된 TCP 소켓에서 리눅스는 sendto()의 주소를 무시하고, 다른 시스템은 EISCONN으로 실패합니다.",
      },
    },
    {
      id: "tcp-four-tuple",
      prompt: {
        en: "What identifies one TCP connection on the server?",
        ko: "서버에서 TCP 연결 하나를 구별하는 것은 무엇일까요?",
      },
      choices: [
        {
          en: "The server's port",
          ko: "서버의 포트",
        },
        {
          en: "The client's IP address",
          ko: "클라이언트의 IP 주소",
        },
        {
          en: "The 4-tuple: source IP, source port, destination IP, destination port",
          ko: "4-튜플: 출발지 IP, 출발지 포트, 목적지 IP, 목적지 포트",
        },
      ],
      answer: 2,
      hint: {
        en: "Two clients talk to the same server port at once. What still differs between their connections?",
        ko: "두 클라이언트가 같은 서버 포트와 동시에 통신합니다. 두 연결에서 여전히 다른 것은 무엇일까요?",
      },
      explain: {
        en: "Two connections may share three of the four values; the fourth tells them apart.",
        ko: "두 연결이 네 값 중 셋을 같이 쓸 수 있고, 나머지 하나로 구별됩니다.",
      },
    },
    {
      id: "tcp-listen-backlog",
      prompt: {
        en: "What does the 1 in serverSocket.listen(1) limit?",
        ko: "serverSocket.listen(1)의 1은 무엇을 제한할까요?",
      },
      choices: [
        {
          en: "How many finished connections may wait for accept()",
          ko: "accept()를 기다릴 수 있는, 핸드셰이크가 끝난 연결의 수",
        },
        {
          en: "How many clients the server can ever serve",
          ko: "서버가 평생 처리할 수 있는 클라이언트 수",
        },
        {
          en: "How many bytes recv() returns",
          ko: "recv()가 돌려주는 바이트 수",
        },
      ],
      answer: 0,
      hint: {
        en: "A connection that accept() has returned no longer waits anywhere.",
        ko: "accept()가 이미 돌려준 연결은 더 이상 어디에서도 기다리지 않습니다.",
      },
      explain: {
        en: "It is the length of the backlog queue; accepted connections no longer count. Linux lets one more wait (listen(1): two), and when the queue is full it drops the handshake so the client retries, rather than refusing the connection as the slides say.",
        ko: "백로그(대기 큐)의 길이입니다. 이미 수락한 연결은 세지 않습니다. 리눅스는 하나 더 기다리게 하며(listen(1)이면 둘), 큐가 가득 차면 강의 자료의 말처럼 연결을 거절하는 대신 핸드셰이크를 버려 클라이언트가 다시 시도하게 합니다.",
      },
    },
  ],
  fromRun(s) {
    const local = portOf(s.accepted?.local);
    const client = portOf(s.accepted?.remote);
    if (local === null || client === null) return [];
    const client2 = portOf(s.accepted2?.remote);
    const facts = { local, client, client2: client2 ?? "—" };
    const { choices, answer } = runChoices(numberChoice(local), [
      numberChoice(client),
      ...(client2 !== null ? [numberChoice(client2)] : []),
      {
        en: "A new port, picked by the kernel for this connection",
        ko: "커널이 이 연결을 위해 새로 고른 포트",
      },
    ]);
    return [
      {
        id: "tcp-run-accept-port",
        prompt: {
          en: "In this run accept() returned a new socket, connectionSocket, for the first client. What was that socket's local port?",
          ko: "이번 실행에서 accept()는 첫 클라이언트를 위해 새 소켓 connectionSocket을 돌려주었습니다. 그 소켓의 로컬 포트는 몇 번이었을까요?",
        },
        choices,
        answer,
        hint: {
          en: "The client connected to one address and never learned another. Its connection must end at that address.",
          ko: "클라이언트는 주소 하나로 연결했고 다른 주소는 알지 못합니다. 그 연결은 그 주소에서 끝나야 합니다.",
        },
        explain: {
          en: format(
            "{local}, the port serverSocket listens on: accept()'s new socket shares it. The client's port, {client}, is what tells this connection apart (the second client's was {client2}).",
            facts,
          ),
          ko: format(
            "{local}번, 곧 serverSocket이 리슨하는 포트입니다. accept()가 만든 새 소켓도 같은 포트를 씁니다. 이 연결을 다른 연결과 구별해 주는 것은 클라이언트의 포트 {client}번입니다(두 번째 클라이언트는 {client2}번).",
            facts,
            "ko",
          ),
        },
      },
    ];
  },
};
