/**
 * The engine's own messages (command line, renderer, errors), English and
 * Korean. Lessons keep their sentences in lessons/<id>/text.ts.
 * `satisfies` makes a key missing from either language a compile error.
 */
const en = {
  "actor.client": "client",
  "actor.server": "server",
  "actor.network": "network",
  "actor.lesson": "lesson",

  "wait.recvfrom": "{sock} waits in recvfrom() for a datagram",
  "wait.recv": "{sock} waits in recv() for bytes",
  "wait.accept": "{sock} waits in accept() for a connection",
  "wait.connect": "connect() to {remote}: waiting for the handshake",
  "wait.seconds": "{seconds} s",
  "wait.timeout": "timeout {seconds} s",

  "error.EADDRINUSE":
    "the address {local} is already in use: another program (or another sockstep) listens there. Pick another --port, or stop that program.",
  "error.ECONNREFUSED":
    "connection refused by {remote}: nothing listens on that port, so the peer's kernel answered the SYN with RST.",
  "error.ETIMEDOUT": "timed out: nothing arrived in time.",
  "error.ECONNRESET": "connection reset by peer: the other side aborted the connection (RST).",
  "error.EPIPE": "broken pipe: the connection is closed for writing.",
  "error.EACCES":
    "permission denied: ports below 1024 need administrator rights; use a port above 1023.",
  "error.EADDRNOTAVAIL": "the address {local} does not belong to this machine.",
  "error.ENOTFOUND": "no such host: the name did not resolve.",
  "error.EAI_AGAIN": "the host name could not be looked up right now (DNS).",
  "error.EHOSTUNREACH": "no route to host {remote}.",
  "error.ENETUNREACH": "the network of {remote} is unreachable.",
  "error.EMSGSIZE": "the datagram is larger than UDP allows.",
  "error.other": "{code}: {detail}",

  "emulator.udp":
    "network emulator on {relay} relays datagrams to {target}, dropping {loss}% of them at random",
  "emulator.udpFirst":
    "network emulator on {relay} relays datagrams to {target} and drops the first one it sees",
  "emulator.dropped": "datagram of {bytes} B {from} {direction} {to} dropped",
  "emulator.tcp":
    "network emulator on {relay} relays TCP to {target}: RTT {rtt} ms (each direction RTT/2; a new connection's first bytes wait one more RTT for the handshake)",
  "emulator.tcpConn":
    "client connection {client} is relayed to the server as connection {upstream}",

  "call.socket.udp": "socket(AF_INET, SOCK_DGRAM): a UDP socket, not bound to any port yet",
  "call.socket.tcp": "socket(AF_INET, SOCK_STREAM): a TCP socket",
  "call.setsockopt": "setsockopt({option}=1)",
  "call.bind": "bind → {local}",
  "call.bind.ephemeral": "bind → {local} (port 0 asked: the kernel chose this one)",
  "call.listen": "listen(backlog {backlog}) on {local}: the kernel now answers SYNs",
  "call.accept":
    "accept() → new socket {local} ⇄ {remote} (it waited {queued} ms in the backlog queue)",
  "call.connect": "connect → {remote} done in {ms} ms, local {local}",
  "call.connect.handshake":
    "the kernels exchanged SYN, SYN+ACK, ACK before connect() returned; the OS chose local port from {local}",
  "call.sendto": "sendto → {remote}: {bytes} B",
  "call.sendto.implicitBind":
    "this socket never called bind(); the kernel gave it {local} at this first sendto",
  "call.recvfrom": "recvfrom → {bytes} B{data} from {remote} (waited {ms} ms)",
  "call.recvfrom.truncated":
    "the datagram had {from} B; the rest did not fit the buffer and is lost",
  "call.send": "send: {bytes} B",
  "call.recv": "recv → {bytes} B{data} (waited {ms} ms)",
  "call.recv.chunks": "these bytes arrived in {chunks} separate reads and came out of one recv()",
  "call.recv.eof": "recv → 0 B: end of stream, the peer sent FIN",
  "call.shutdown": "shutdown(SHUT_WR): FIN sent; this side can still receive",
  "call.close": "close() {local}",

  "wire.datagram": "datagram, {bytes} B",
  "wire.segment": "{bytes} B of the byte stream",
  "http.body": "body: {bytes} B",
  "note.simulated": "[simulated]",
  "measure.model": " (model: {model} {unit})",

  "end.ok": "lesson finished",
  "end.failed": "lesson failed",
  "end.interrupted": "interrupted",

  "run.pause": "Enter: next step · q: quit",
  "run.serving": "sockstep {lesson}: serving {proto} on {address} · Ctrl-C stops",
  "run.public":
    "--host {host}: the server is reachable from the network, not only from this machine",
  "run.predict.right": "Right.",
  "run.predict.wrong": "Not quite: the answer is “{answer}”.",
  "run.predict.title": "Predict the next step",

  "cli.description": "Step through real sockets and HTTP, with every call narrated.",
  "cli.arg.lesson": "lesson to run (see `sockstep list`)",
  "cli.opt.serve": "only the server: narrate whoever connects; Ctrl-C stops",
  "cli.opt.connect":
    "only the client, against a server elsewhere (host:port or http://host:port/path)",
  "cli.opt.port": "server port (default 0: any free port)",
  "cli.opt.host": "server address (default 127.0.0.1)",
  "cli.opt.step": "pause between steps (default on a terminal)",
  "cli.opt.auto": "never pause (default when not on a terminal)",
  "cli.opt.delay": "pause between events, in ms, for a live demo",
  "cli.opt.json": "NDJSON trace on stdout; implies --auto",
  "cli.opt.lang": "narration language: en or ko",
  "cli.opt.rtt": "simulated round-trip time in ms (connection lessons)",
  "cli.opt.loss": "simulated datagram loss in percent (udp-echo)",
  "cli.opt.message": "what the echo client sends",
  "cli.opt.noColor": "no colours",
  "cli.cmd.list": "list the lessons",
  "cli.opt.listJson": "one JSON object per lesson",
  "cli.unknownLesson": "unknown lesson '{name}'.",
  "cli.unknownCommand": "unknown command or lesson '{name}'.",
  "cli.didYouMean": "Did you mean '{suggestion}'?",
  "cli.unknownOption": "unknown option '{name}'.",
  "cli.badNumber": "{option} wants a number from {min} to {max}, not '{value}'.",
  "cli.badLang": "--lang is en or ko, not '{value}'.",
  "cli.badAddr": "--connect wants host:port, not '{value}'.",
  "cli.serveAndConnect": "--serve and --connect exclude each other: pick one.",
  "cli.stepAndAuto": "--step and --auto exclude each other: pick one.",
  "cli.menuNeedsTty":
    "the menu needs a terminal; run `sockstep list` and then `sockstep <lesson>`.",
  "cli.menu.choose": "Choose a lesson",
  "cli.menu.quit": "Quit",
  "cli.list.header": "Lessons",
  "cli.seeList": "Run `sockstep list` to see the lessons.",
  "cli.error": "error: {message}",
  "cli.help": "Run `sockstep --help` for usage.",
  "cli.opt.help": "show this help",
  "cli.help.usage": "Usage:",
  "cli.help.arguments": "Arguments:",
  "cli.help.options": "Options:",
  "cli.help.commands": "Commands:",
  "cli.help.examples":
    "Examples:\n  sockstep udp-echo                 step through the lesson\n  sockstep tcp-echo --auto --lang ko\n  sockstep udp-echo --serve --port 12000\n  sockstep tcp-echo --connect 127.0.0.1:12000\n  sockstep udp-echo --json | head\n",
} as const;

type Key = keyof typeof en;

const ko = {
  "actor.client": "클라이언트",
  "actor.server": "서버",
  "actor.network": "네트워크",
  "actor.lesson": "레슨",

  "wait.recvfrom": "{sock}이(가) recvfrom()에서 데이터그램을 기다리는 중",
  "wait.recv": "{sock}이(가) recv()에서 바이트를 기다리는 중",
  "wait.accept": "{sock}이(가) accept()에서 연결을 기다리는 중",
  "wait.connect": "{remote}에 connect(): 핸드셰이크를 기다리는 중",
  "wait.seconds": "{seconds}초",
  "wait.timeout": "타임아웃 {seconds}초",

  "error.EADDRINUSE":
    "주소 {local}은(는) 이미 사용 중입니다. 다른 프로그램(또는 다른 sockstep)이 그 포트에서 리슨하고 있습니다. --port로 다른 포트를 고르거나 그 프로그램을 끄세요.",
  "error.ECONNREFUSED":
    "{remote}이(가) 연결을 거부했습니다. 그 포트에서 리슨하는 소켓이 없어서 상대 커널이 SYN에 RST로 답했습니다.",
  "error.ETIMEDOUT": "타임아웃: 정해진 시간 안에 아무것도 도착하지 않았습니다.",
  "error.ECONNRESET": "상대가 연결을 리셋했습니다(RST). 상대 쪽이 연결을 강제로 끊었습니다.",
  "error.EPIPE": "연결이 송신 쪽으로 닫혀 있어 더 보낼 수 없습니다(broken pipe).",
  "error.EACCES":
    "권한이 없습니다. 1024 미만 포트는 관리자 권한이 필요하니 1023보다 큰 포트를 쓰세요.",
  "error.EADDRNOTAVAIL": "주소 {local}은(는) 이 컴퓨터의 주소가 아닙니다.",
  "error.ENOTFOUND": "그런 호스트가 없습니다. 이름을 주소로 바꾸지 못했습니다.",
  "error.EAI_AGAIN": "지금은 호스트 이름을 조회할 수 없습니다(DNS).",
  "error.EHOSTUNREACH": "{remote}까지 가는 경로가 없습니다.",
  "error.ENETUNREACH": "{remote}의 네트워크에 닿을 수 없습니다.",
  "error.EMSGSIZE": "데이터그램이 UDP가 허용하는 크기보다 큽니다.",
  "error.other": "{code}: {detail}",

  "emulator.udp":
    "{relay}의 네트워크 에뮬레이터가 데이터그램을 {target}(으)로 중계하며 그중 {loss}%를 무작위로 버립니다",
  "emulator.udpFirst":
    "{relay}의 네트워크 에뮬레이터가 데이터그램을 {target}(으)로 중계하며 처음 하나를 버립니다",
  "emulator.dropped": "{from} {direction} {to} 데이터그램 {bytes} B 손실",
  "emulator.tcp":
    "{relay}의 네트워크 에뮬레이터가 TCP를 {target}(으)로 중계합니다: RTT {rtt} ms (방향마다 RTT/2, 새 연결의 첫 바이트는 핸드셰이크 몫으로 RTT 한 번 더 대기)",
  "emulator.tcpConn": "클라이언트 연결 {client}은(는) 서버에 연결 {upstream}(으)로 중계됩니다",

  "call.socket.udp": "socket(AF_INET, SOCK_DGRAM): UDP 소켓, 아직 포트 없음",
  "call.socket.tcp": "socket(AF_INET, SOCK_STREAM): TCP 소켓",
  "call.setsockopt": "setsockopt({option}=1)",
  "call.bind": "bind → {local}",
  "call.bind.ephemeral": "bind → {local} (포트 0을 요청해서 커널이 이 포트를 골랐음)",
  "call.listen": "listen(백로그 {backlog}) {local}: 이제 커널이 SYN에 응답함",
  "call.accept": "accept() → 새 소켓 {local} ⇄ {remote} (백로그 큐에서 {queued} ms 대기)",
  "call.connect": "connect → {remote} 완료, {ms} ms 걸림, 로컬 {local}",
  "call.connect.handshake":
    "connect()가 돌아오기 전에 두 커널이 SYN, SYN+ACK, ACK를 주고받았고, OS가 로컬 주소 {local}을(를) 골랐음",
  "call.sendto": "sendto → {remote}: {bytes} B",
  "call.sendto.implicitBind":
    "이 소켓은 bind()를 부른 적이 없는데, 첫 sendto에서 커널이 {local}을(를) 붙여 주었음",
  "call.recvfrom": "recvfrom → {bytes} B{data}, 보낸 쪽 {remote} ({ms} ms 대기)",
  "call.recvfrom.truncated": "원래 데이터그램은 {from} B였고, 버퍼에 안 들어간 나머지는 버려짐",
  "call.send": "send: {bytes} B",
  "call.recv": "recv → {bytes} B{data} ({ms} ms 대기)",
  "call.recv.chunks": "이 바이트들은 {chunks}번에 나누어 도착했지만 recv() 한 번으로 나왔음",
  "call.recv.eof": "recv → 0 B: 스트림 끝, 상대가 FIN을 보냈음",
  "call.shutdown": "shutdown(SHUT_WR): FIN 송신, 이쪽은 아직 수신 가능",
  "call.close": "close() {local}",

  "wire.datagram": "데이터그램 {bytes} B",
  "wire.segment": "바이트 스트림 {bytes} B",
  "http.body": "본문: {bytes} B",
  "note.simulated": "[시뮬레이션]",
  "measure.model": " (모델: {model} {unit})",

  "end.ok": "레슨 완료",
  "end.failed": "레슨 실패",
  "end.interrupted": "중단됨",

  "run.pause": "Enter: 다음 단계 · q: 끝내기",
  "run.serving": "sockstep {lesson}: {address}에서 {proto} 서비스 중 · Ctrl-C로 종료",
  "run.public": "--host {host}: 이 서버는 이 컴퓨터 밖의 네트워크에서도 접속할 수 있습니다",
  "run.predict.right": "정답입니다.",
  "run.predict.wrong": "아쉽습니다. 정답은 “{answer}”입니다.",
  "run.predict.title": "다음 단계를 예측해 보세요",

  "cli.description": "실제 소켓과 HTTP를 한 단계씩, 모든 호출을 해설하며 따라가 봅니다.",
  "cli.arg.lesson": "실행할 레슨 (`sockstep list` 참고)",
  "cli.opt.serve": "서버만 실행: 접속하는 누구든 해설, Ctrl-C로 종료",
  "cli.opt.connect": "클라이언트만 실행해 다른 서버에 접속 (host:port 또는 http://host:port/path)",
  "cli.opt.port": "서버 포트 (기본값 0: 아무 빈 포트)",
  "cli.opt.host": "서버 주소 (기본값 127.0.0.1)",
  "cli.opt.step": "단계마다 멈춤 (터미널에서 기본값)",
  "cli.opt.auto": "멈추지 않음 (터미널이 아닐 때 기본값)",
  "cli.opt.delay": "이벤트 사이 간격(ms), 수업 시연용",
  "cli.opt.json": "stdout에 NDJSON 트레이스; --auto 포함",
  "cli.opt.lang": "해설 언어: en 또는 ko",
  "cli.opt.rtt": "시뮬레이션 왕복 시간(RTT), ms (커넥션 레슨)",
  "cli.opt.loss": "시뮬레이션 데이터그램 손실률, % (udp-echo)",
  "cli.opt.message": "에코 클라이언트가 보낼 내용",
  "cli.opt.noColor": "색 없음",
  "cli.cmd.list": "레슨 목록",
  "cli.opt.listJson": "레슨마다 JSON 객체 한 줄",
  "cli.unknownLesson": "'{name}'(이)라는 레슨은 없습니다.",
  "cli.unknownCommand": "'{name}'(이)라는 명령이나 레슨은 없습니다.",
  "cli.didYouMean": "'{suggestion}'을(를) 말씀하신 건가요?",
  "cli.unknownOption": "'{name}'(이)라는 옵션은 없습니다.",
  "cli.badNumber": "{option}에는 {min}부터 {max}까지의 숫자를 주세요. '{value}'은(는) 안 됩니다.",
  "cli.badLang": "--lang은 en 또는 ko입니다. '{value}'은(는) 안 됩니다.",
  "cli.badAddr": "--connect에는 host:port를 주세요. '{value}'은(는) 안 됩니다.",
  "cli.serveAndConnect": "--serve와 --connect는 함께 쓸 수 없습니다. 하나만 고르세요.",
  "cli.stepAndAuto": "--step과 --auto는 함께 쓸 수 없습니다. 하나만 고르세요.",
  "cli.menuNeedsTty":
    "메뉴는 터미널이 필요합니다. `sockstep list`로 목록을 보고 `sockstep <레슨>`으로 실행하세요.",
  "cli.menu.choose": "레슨을 고르세요",
  "cli.menu.quit": "끝내기",
  "cli.list.header": "레슨",
  "cli.seeList": "`sockstep list`로 레슨 목록을 볼 수 있습니다.",
  "cli.error": "오류: {message}",
  "cli.help": "사용법은 `sockstep --help`를 보세요.",
  "cli.opt.help": "이 도움말 보기",
  "cli.help.usage": "사용법:",
  "cli.help.arguments": "인자:",
  "cli.help.options": "옵션:",
  "cli.help.commands": "명령:",
  "cli.help.examples":
    "예:\n  sockstep udp-echo                 레슨을 한 단계씩\n  sockstep tcp-echo --auto --lang ko\n  sockstep udp-echo --serve --port 12000\n  sockstep tcp-echo --connect 127.0.0.1:12000\n  sockstep udp-echo --json | head\n",
} satisfies Record<Key, string>;

export const messages = { en, ko } as const;
export type MessageKey = Key;
