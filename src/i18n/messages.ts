/**
 * The engine's own messages (command line, renderer, errors), English and
 * Korean. Lessons keep their sentences in lessons/<id>/text.ts.
 * `satisfies` makes a key missing from either language a compile error.
 * The command line's own sentences are in cli-messages.ts.
 */
import { cliMessages } from "./cli-messages.js";

const en = {
  ...cliMessages.en,
  "wait.recvfrom": "{sock} waits in recvfrom() for a datagram",
  "wait.recv": "{sock} waits in recv() for bytes",
  "wait.accept": "{sock} waits in accept() for a connection",
  "wait.connect": "connect() to {remote}: waiting for the handshake",
  "wait.seconds": "{seconds} s",
  "wait.timeout": "timeout {seconds} s",

  "error.EADDRINUSE":
    "the address {local} is already in use: another program (or another sockstep) is using that port. Pick another --port, or stop that program.",
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
    "client connection {client} reaches the server as connection {upstream}. The real connect() to the emulator returned at once; the emulator holds this connection's first bytes one RTT ({rtt} ms) for the handshake it models",
  "emulator.tcpUpstreamFailed":
    "the server at {target} did not take relayed connection {client} ({code}); the emulator resets the client's connection",

  "call.bind.implicit":
    "bind → {local}: Node (libuv) binds an unbound UDP socket to port 0 before its first send, and the kernel chose this port. The lecture's Python makes no bind() call: its kernel picks the port inside sendto()",
  "call.recv.reads": "these bytes came from {count} read() calls of Node's ({sizes} B)",
  "call.recv.buffered":
    "no system call: Node had already read these bytes from the kernel; they waited in sockstep's buffer",
  "call.recv.partial":
    "Node's read() brought {read} B; {left} B stay in sockstep's buffer for the next recv() (the lecture's recv({bufsize}) would leave them in the kernel)",
  "error.timeout":
    "nothing within {seconds} s: sockstep's own timer ran out, no system call failed (Python's settimeout raises socket.timeout here)",
  "udp.settimeout":
    "settimeout({seconds}) on {sock} makes no system call: Python keeps the timeout itself and waits in poll() before each recvfrom(), and sockstep keeps a timer. (In C one would set SO_RCVTIMEO; recvfrom would then fail with EAGAIN.)",
  "call.socket.udp": "socket(AF_INET, SOCK_DGRAM): a UDP socket, not bound to any port yet",
  "call.socket.tcp": "socket(AF_INET, SOCK_STREAM): a TCP socket",
  "call.setsockopt": "setsockopt({option}=1)",
  "call.bind": "bind → {local}",
  "call.bind.ephemeral": "bind → {local} (port 0 asked: the kernel chose this one)",
  "call.listen": "listen(backlog {backlog}) on {local}: the kernel now answers SYNs",
  "call.accept":
    "accept() → new socket {local} ⇄ {remote} (Node had taken it from the kernel's queue at once; it waited {queued} ms in sockstep's own queue for this accept())",
  "call.connect": "connect → {remote}: returned after {ms} ms, local {local}",
  "call.connect.handshake":
    "the kernels completed SYN, SYN+ACK, ACK and chose the local address {local}; on loopback the handshake takes microseconds, so most of those ms were this process's event loop",
  "call.sendto": "sendto → {remote}: {bytes} B",
  "call.recvfrom": "recvfrom → {bytes} B{data} from {remote} (waited {ms} ms)",
  "call.recvfrom.truncated":
    "Node's recvmsg() took the whole datagram, {from} B; sockstep kept the first {bytes} B, as recvfrom({bytes}) would, and dropped the rest (the lecture's recvfrom would have the kernel cut it)",
  "call.send": "send: {bytes} B",
  "call.recv": "recv → {bytes} B{data} (waited {ms} ms)",
  "call.recv.eof": "recv → 0 B: end of stream, the peer sent FIN",
  "call.paused": "your {seconds} s of reading left out",
  "call.shutdown": "shutdown(SHUT_WR): FIN sent; this side can still receive",
  "call.close": "close() {local}",
  "call.close.conn": "close() connection {conn}: {local} ⇄ {remote}",

  // The compact ladder (--detail compact, the default): one line per call.
  "compact.socket": "socket() → {sock} ({proto})",
  "compact.bind.ephemeral": "bind → {local} (kernel's pick)",
  "compact.bind.implicit":
    "bind → {local}: made by libuv before the first send (Python makes no bind(); its kernel picks the port in sendto())",
  "compact.listen": "listen({backlog}) on {local}",
  "compact.accept": "accept() → {remote} ({queued} ms)",
  "compact.accept.why":
    "accept(): the {queued} ms were spent in sockstep's own queue; Node takes each connection off the kernel's backlog at once",
  "compact.connect": "connect → {remote} ({ms} ms), local {local}",
  "compact.connect.handshake":
    "connect() returned once the kernels had done SYN, SYN+ACK, ACK; on loopback that takes microseconds, so the ms are mostly this process's event loop",
  "compact.recvfrom": "recvfrom → {bytes} B{data} from {remote} ({ms} ms)",
  "compact.recvfrom.truncated": "kept {bytes} of {from} B",
  "compact.recv": "recv → {bytes} B{data} ({ms} ms)",
  "compact.recv.http": "recv → {bytes} B ({ms} ms): {what}",
  "compact.recv.eof": "recv → 0 B: the peer's FIN",
  "compact.recv.buffered": "no syscall: Node had read them",
  "compact.recv.reads": "{count} reads: {sizes} B",
  "compact.recv.partial": "{left} B stay for the next recv()",
  "compact.requests": "{count} {count|request|requests}",
  "compact.responses": "{count} {count|response|responses}",
  "compact.shutdown": "shutdown(SHUT_WR): FIN sent",
  "compact.close.conn": "close() conn {conn}",
  "compact.sendto": "sendto → {remote}: {unit}{data}",
  "compact.send": "send: {unit}{data}",
  "compact.send.http": "send {bytes} B",
  "compact.emulator.tcp": "emulator {relay} → {target}, RTT {rtt} ms",
  "compact.client.resend":
    "conn {conn} closed with {count} unanswered: {count|it goes|they go} again on a new connection",
  "compact.server.splitPartial":
    "one recv() on conn {conn} brought {count} whole {count|request|requests} ({bytes} B); the parser took {taken} and stopped there",
  "compact.folded": "the same again, only the numbers differ: {what}",

  "wire.datagram": "datagram, {bytes} B",
  "wire.segment": "{bytes} B of the byte stream",
  "http.body": "body: {bytes} B",
  "http.received": "✓ parsed {startLine}: {headers} {headers|field|fields}, body {bytes} B",
  "http.sent": "✓ sent {startLine}: {headers} {headers|field|fields}, body {bytes} B",
  "http.refused": "answered {status} and closed the connection: {why}",
  "http.violation.malformed": "the message does not follow HTTP/1.1 syntax",
  "http.violation.requestLineTooLong": "the request line is longer than this server accepts",
  "http.violation.tooManyHeaders": "more header fields than this server accepts",
  "http.violation.headersTooLarge": "the header section is larger than this server accepts",
  "http.violation.bodyTooLarge": "the body is larger than this server accepts",
  "http.violation.lengthRequired":
    "a request with a body must say how long it is (Content-Length or chunked)",
  "http.violation.badContentLength": "Content-Length is not a plain number",
  "http.violation.conflictingLength":
    "two different body lengths (two Content-Length values, or Content-Length with Transfer-Encoding): the server cannot tell where the body ends",
  "http.violation.obsFold":
    "a header line starts with whitespace (obsolete line folding, refused since RFC 7230)",
  "http.violation.controlByte": "a control byte (NUL, ESC, …) inside a header",
  "http.violation.missingHost": "an HTTP/1.1 request must carry Host",
  "http.violation.badChunk": "the chunked body is malformed",
  "http.violation.unsupportedCoding": "a transfer-coding this server does not implement",
  "http.violation.methodNotImplemented": "a method this server does not implement",
  "http.violation.versionNotSupported": "an HTTP version other than 1.0 or 1.1",
  "http.violation.incomplete": "the connection ended in the middle of a message",
  "http.violation.idleTimeout": "the request did not arrive in time",
  "http.idleTimeout":
    "no request on connection {conn} for {seconds} s: the server closes it (idle timeout)",
  "http.idleTimeout.partial":
    "connection {conn} began a request but did not finish it in {seconds} s: 408 and close (a slow client cannot hold the server)",
  "http.handlerError": "the server's handler failed ({message}): the client gets 500",
  "http.unreadTimeout":
    "connection {conn} has read none of its answers for {seconds} s ({pending} waiting): the server closes it (a client that only sends cannot hold the server)",
  "http.client.resend":
    "the server closed connection {conn} before answering: {count} {count|request goes|requests go} again on a new connection",
  "http.server.split":
    "one recv() on connection {conn} brought {count} whole {count|request|requests} ({bytes} B): they came back to back, and the parser split them where each one ends (the empty line after the headers, then Content-Length bytes of body)",
  "http.server.splitPartial":
    "one recv() on connection {conn} brought {count} whole {count|request|requests} ({bytes} B), back to back; the parser took {taken} of them, each up to where it ends (the empty line after the headers, then Content-Length bytes of body), and stopped there",
  "http.persist.http11Default": "HTTP/1.1: the connection stays open unless someone says close",
  "http.persist.requestClose": "the request said Connection: close: closed after this response",
  "http.persist.responseClose": "the response said Connection: close: closed after it",
  "http.persist.http10Default":
    "HTTP/1.0 without Connection: keep-alive: one request per connection",
  "http.persist.http10KeepAlive":
    "HTTP/1.0 with Connection: keep-alive, and the server agreed: the connection stays open",
  "http.persist.http10NotEchoed":
    "HTTP/1.0 asked for keep-alive but the response did not agree: the client must assume close",
  "http.persist.closeDelimited":
    "the response had neither Content-Length nor chunked: only the close tells where it ends",
  "http.persist.responseHttp10": "the response is HTTP/1.0 without keep-alive: closed after it",
  "http.persist.maxRequests":
    "this connection reached the server's limit of requests: closed after this response",
  "note.simulated": "[simulated]",
  "measure.model": " (model: {model} {unit})",
  "timeline.conn": "conn {conn}",
  "timeline.title": "timeline",
  "timeline.ms": "{ms} ms",
  "timeline.model": ", model {model} ms",
  "timeline.group":
    "{label} · {value} ms{model} · {connections} {connections|connection|connections}",
  "timeline.legend.connect": "connect (handshake)",
  "timeline.legend.request": "request on the way",
  "timeline.legend.wait": "server working",
  "timeline.legend.held": "ready, waiting its turn",
  "timeline.legend.response": "response on the way",
  "timeline.legend.roundtrip": "request → response",
  "timeline.legend.closed": "connection closed",
  "timeline.legend.unanswered": "never answered",
  "timeline.table.strategy": "strategy",
  "timeline.table.connections": "connections",
  "timeline.table.measured": "measured",
  "timeline.table.model": "model",
  "timeline.table.diff": "difference",

  "end.ok": "lesson finished",
  "end.failed": "lesson failed",
  "end.interrupted": "interrupted",

  "run.pause": "Enter: next step · b: back · ?: keys · q: quit",
  "run.keys.title": "Keys at the pause:",
  "run.keys.nextKeys": "Enter, Space",
  "run.keys.next": "next step",
  "run.keys.back": "back: show the previous step again",
  "run.keys.replay": "show this step again",
  "run.keys.jump":
    "go to that step (forward: the steps between run without pausing; back: shown again)",
  "run.keys.detail": "detail: now {detail}, d switches to {other}",
  "run.keys.help": "these keys",
  "run.keys.quit": "quit",
  "run.keys.replayNote":
    "A step shown again is drawn from this run's trace: its sockets do not run a second time.",
  "run.detail.compact": "compact",
  "run.detail.full": "full",
  "run.detail.now": "Detail: {detail}.",
  "run.replay.title": "{title} · shown again",
  "run.replay.note":
    "Shown again from this run's trace: nothing is sent or received again, the numbers are the ones measured then.",
  "run.quiet.title": "Ran without pausing (b, r or the step's number shows it again):",
  "run.carried": "While the prompt waited:",
  "run.serving": "sockstep {lesson}: serving {proto} on {address} · Ctrl-C stops",
  "run.public": "{address}: this server is reachable from the network, not only from this machine",
  "class.head.http":
    "class view · {open} open {open|connection|connections} · {clients} {clients|client|clients} · {rate} requests/s · {requests} in all",
  "class.head.tcp":
    "class view · {open} open {open|connection|connections} · {accepted} accepted · {rate} messages/s · {messages} in all",
  "class.head.udp":
    "class view · {present} {present|client|clients} heard in the last 10 s · {rate} datagrams/s · {datagrams} from {clients} {clients|client|clients} in all",
  "class.answers": "answers: {list}",
  "class.sessions": "{sessions} {sessions|session|sessions} in the store",
  "class.client": "  {who}: {last} · {seconds} s ago",
  "class.following": "narrated: --follow {spec}; everyone else is counted above",
  "class.followHint":
    "narrated: the first {auto} clients at a time; --follow <conn|ip|name> narrates one student",
  "class.window.http":
    "· last {seconds} s: {requests} {requests|request|requests} on {accepted} new {accepted|connection|connections} from {clients} {clients|client|clients}{statuses}, counted, not narrated",
  "class.window.tcp":
    "· last {seconds} s: {accepted} {accepted|connection|connections} and {messages} {messages|message|messages} from {clients} {clients|client|clients}, counted, not narrated",
  "class.window.udp":
    "· last {seconds} s: {datagrams} {datagrams|datagram|datagrams} from {clients} {clients|client|clients}, counted, not narrated",
  "class.total.http":
    "Served {requests} {requests|request|requests} on {accepted} {accepted|connection|connections} from {clients} {clients|client|clients}{statuses}.",
  "class.total.tcp":
    "Served {accepted} {accepted|connection|connections} and {messages} {messages|message|messages} from {clients} {clients|client|clients}.",
  "class.total.udp":
    "Served {datagrams} {datagrams|datagram|datagrams} from {clients} {clients|client|clients}.",
  "class.capped":
    "… {who}: its first {events} events were narrated; the rest are counted (--follow narrates all of one client)",
  "class.behind":
    "… the terminal fell behind: {events} {events|event|events} not drawn (the server never waits for the terminal; --json > file keeps everything)",
  "run.predict.right": "Right.",
  "run.predict.wrong": "Not quite: the answer is “{answer}”.",
  "run.predict.second": "Right, at the second try.",
  "run.predict.hint": "Not that one. Hint: {hint} One more try:",
  "run.predict.hintOnly": "Not that one. Hint: {hint}",
  "run.quiz.title": "Final questions ({total}): each answer is explained at once.",
  "run.quiz.score": "Score: {score}/{total}.",
  "run.quiz.scoreBest": "Score: {score}/{total} (your best: {best}/{total}).",

  "verify.message": "hello from sockstep",
  "verify.intro.server":
    "sockstep checks your {lesson} server: your program plays the server, sockstep plays the client; it sends messages and checks every reply.",
  "verify.intro.client":
    "sockstep checks your {lesson} client: your program plays the client, sockstep runs the lesson's own server and watches what your client does.",
  "verify.started":
    "sockstep started your program (pid {pid}): {command}  (PORT={portNumber}, HOST={host})",
  "verify.startedClient":
    "sockstep started your program (pid {pid}): {command}  (PORT={portNumber}, HOST={host}; the message “{message}” is in MESSAGE and on its stdin)",
  "verify.wait.listen": "waiting for your program to listen on {address}",
  "verify.listening.tcp":
    "Your program listens on {address}: sockstep's test connection was accepted after {ms} ms (and closed again at once).",
  "verify.listening.udp":
    "Your program answers on {address}: sockstep's probe datagram got a reply after {ms} ms.",
  "verify.outputMore": "{count} more {count|line|lines} of your program's output not shown",
  "verify.fail.notFound": "cannot start '{file}': there is no such program or file",
  "verify.fail.cannotStart": "cannot start '{file}': {detail}",
  "verify.fail.exitedEarly": "your program ended ({how}) before it listened on {address}",
  "verify.fail.neverListened": "your program did not listen on {address} within {seconds} s",
  "verify.fail.listensElsewhere":
    "your program did not listen on {address} within {seconds} s; it listens on {elsewhere} instead",
  "verify.fail.wrongProto":
    "your program did not listen on {address} within {seconds} s; it has a {got} socket on {elsewhere}, but this lesson needs {want}",
  "verify.fail.silentUdp":
    "your program holds {address} but answered none of sockstep's probe datagrams within {seconds} s",
  "verify.fail.serverExited": "your server ended ({how}) while sockstep was still checking it",
  "verify.fail.clientExited": "your client ended ({how}) before it had done its part",
  "verify.exit.code": "exit code {code}",
  "verify.exit.signal": "signal {signal}",
  "verify.hint.notFound":
    "Check the spelling and that the program is installed (python3 --version), or give its full path.",
  "verify.hint.oneWord":
    "Give the command as separate words after --, not as one quoted string: sockstep verify {lesson} -- python3 server.py {port}",
  "verify.hint.port":
    "Use the port sockstep gives your program ({portNumber} this time): put {port} in its arguments or read the PORT environment variable, instead of a fixed port such as 12000.",
  "verify.hint.listenTcp":
    "A TCP server calls socket(), bind((host, port)) and listen() before its accept() loop. Is it waiting for keyboard input, or stuck before bind()?",
  "verify.hint.listenUdp":
    "A UDP server calls socket() and bind((host, port)), then answers each recvfrom() with a sendto() to the address recvfrom() returned.",
  "verify.hint.crash":
    "Read its error output (the last line usually names the problem), or run the program by hand to see all of it.",
  "verify.hint.clientTarget":
    "A client talks to the host and port it is given: put {host} and {port} in its arguments, or read HOST and PORT.",
  "verify.hint.keepServing":
    "A server keeps running and serves one client after another: its accept() or recvfrom() belongs inside `while True:`, and one client's trouble must not end it.",
  "verify.nothing": "nothing",
  "verify.output": "{stream}: {line}",
  "verify.passLine": "PASS · {lesson}: your {role} passed all {total} {total|check|checks}",
  "verify.failLine": "FAIL · {lesson}, check {index}/{total}: {title}",
  "verify.failLineEarly": "FAIL · {lesson}: no check could run",
  "verify.expected": "expected",
  "verify.got": "got",
  "verify.hint": "hint",
  "verify.stderrTail": "its stderr, last lines:",
  "verify.stray":
    "your program left a process running in the background (pid {pid}); sockstep ended it",
  "verify.strayListening":
    "your program left a process running in the background (pid {pid}, listening on {address}); sockstep ended it",
  "verify.failLineExited":
    "FAIL · {lesson}: your program exited ({how}) during check {index}/{total}: {title}",
  "verify.seen": "sockstep saw",
  "verify.plan.title": "what the check did:",
  "verify.bytes.title": "the bytes, as sockstep's sockets sent and received them (␍ = CR, ␊ = LF):",
  "verify.bytes.eof": "0 B: the end of the stream (FIN)",
  "verify.bytes.more": "… {count} more {count|line|lines}",
  "verify.rerun.title": "see it yourself:",
  "verify.rerun.server": "start your program again:",
  "verify.rerun.client": "start the lesson's server:",
  "verify.rerun.then": "then, in another terminal:",
  "verify.see":
    "see {lesson} step {index}/{total}: {title} (sockstep {lesson} --from-step {index})",
  "verify.plan.connect": "connect to {address}",
  "verify.plan.send": "send {data}",
  "verify.plan.halfClose": "shutdown(SHUT_WR): nothing more comes, the message is complete",
  "verify.plan.expectReply":
    "expect {data} back, then the server's close (recv() → 0 B), within {seconds} s",
  "verify.plan.sendto": "from a new UDP socket, send the datagram {data} to {address}",
  "verify.plan.expectDatagram": "expect the datagram {data} back from {address} within {seconds} s",
  "verify.plan.start": "start your program: {command}",
  "verify.plan.expectPrint": "expect your program to print {data} within {seconds} s",
  "verify.plan.expectExit":
    "expect your program to end by itself, with exit code 0, within {seconds} s",
  "verify.plan.expectStatus": "expect {status} within {seconds} s",
  "run.predict.keys": "↑↓ choose · Enter: answer",

  "handout.noHeader": "a --json trace: which lesson and options is not recorded in it",
  "handout.mode.replay": "server and client in one process",
  "handout.mode.serve": "--serve: only the server",
  "handout.mode.connect": "--connect: only the client",
  "handout.options": "options: {options}",
  "handout.recorded": "recorded with sockstep {version}",
  "handout.run": "The run",
  "handout.contents": "Steps",
  "handout.largeType": "Large type",
  "handout.expandAll": "Show every header",
  "handout.print": "Print",
  "handout.headers": "{count} header {count|field|fields}, body {bytes} B",
  "handout.implicitBind": "implicit, at the first sendto()",
} as const;

type Key = keyof typeof en;

const ko = {
  ...cliMessages.ko,
  "wait.recvfrom": "{sock}이(가) recvfrom()에서 데이터그램을 기다리는 중",
  "wait.recv": "{sock}이(가) recv()에서 바이트를 기다리는 중",
  "wait.accept": "{sock}이(가) accept()에서 연결을 기다리는 중",
  "wait.connect": "{remote}에 connect(): 핸드셰이크를 기다리는 중",
  "wait.seconds": "{seconds}초",
  "wait.timeout": "타임아웃 {seconds}초",

  "error.EADDRINUSE":
    "주소 {local}은(는) 이미 사용 중입니다. 다른 프로그램(또는 다른 sockstep)이 그 포트를 쓰고 있습니다. --port로 다른 포트를 고르거나 그 프로그램을 끄세요.",
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
  "emulator.tcpConn":
    "클라이언트 연결 {client}은(는) 서버에 연결 {upstream}(으)로 도착합니다. 에뮬레이터로의 실제 connect()는 곧바로 돌아왔고, 에뮬레이터가 흉내 내는 핸드셰이크 때문에 이 연결의 첫 바이트가 RTT 한 번({rtt} ms) 동안 붙잡혀 있습니다",
  "emulator.tcpUpstreamFailed":
    "{target}의 서버가 중계된 연결 {client}을(를) 받지 않았습니다({code}). 에뮬레이터가 클라이언트 쪽 연결을 리셋합니다",

  "call.bind.implicit":
    "bind → {local}: Node(libuv)는 바인드하지 않은 UDP 소켓을 첫 송신 전에 포트 0으로 바인드하고, 커널이 이 포트를 골랐음. 강의의 파이썬은 bind()를 부르지 않으며, 커널이 sendto() 안에서 포트를 고름",
  "call.recv.reads": "이 바이트들은 Node의 read() {count}번에서 왔음({sizes} B)",
  "call.recv.buffered":
    "시스템 호출 없음: Node가 이미 커널에서 읽어 둔 바이트이며, sockstep의 버퍼에서 기다리고 있었음",
  "call.recv.partial":
    "Node의 read()가 {read} B를 가져왔고, {left} B는 다음 recv()를 위해 sockstep의 버퍼에 남음(강의의 recv({bufsize})라면 커널에 남겨 둠)",
  "error.timeout":
    "{seconds}초 안에 아무것도 오지 않음: sockstep의 타이머가 끝났을 뿐 실패한 시스템 호출은 없음(파이썬의 settimeout이라면 여기서 socket.timeout을 일으킴)",
  "udp.settimeout":
    "{sock}의 settimeout({seconds})은 시스템 호출을 하지 않습니다. 파이썬은 타임아웃을 스스로 기억했다가 recvfrom() 전마다 poll()로 기다리고, sockstep은 타이머를 둡니다. (C라면 SO_RCVTIMEO를 설정하고, 그러면 recvfrom이 EAGAIN으로 실패합니다.)",
  "call.socket.udp": "socket(AF_INET, SOCK_DGRAM): UDP 소켓, 아직 포트 없음",
  "call.socket.tcp": "socket(AF_INET, SOCK_STREAM): TCP 소켓",
  "call.setsockopt": "setsockopt({option}=1)",
  "call.bind": "bind → {local}",
  "call.bind.ephemeral": "bind → {local} (포트 0을 요청해서 커널이 이 포트를 골랐음)",
  "call.listen": "listen(백로그 {backlog}) {local}: 이제 커널이 SYN에 응답함",
  "call.accept":
    "accept() → 새 소켓 {local} ⇄ {remote} (Node가 커널 큐에서 곧바로 꺼내 두었고, 이 accept()까지 sockstep의 큐에서 {queued} ms 기다렸음)",
  "call.connect": "connect → {remote}: {ms} ms 뒤에 돌아옴, 로컬 {local}",
  "call.connect.handshake":
    "두 커널이 SYN, SYN+ACK, ACK를 마치고 로컬 주소 {local}을(를) 골랐음. 루프백에서 핸드셰이크는 마이크로초 단위이므로, 그 ms 대부분은 이 프로세스의 이벤트 루프 시간임",
  "call.sendto": "sendto → {remote}: {bytes} B",
  "call.recvfrom": "recvfrom → {bytes} B{data}, 보낸 쪽 {remote} ({ms} ms 대기)",
  "call.recvfrom.truncated":
    "Node의 recvmsg()는 데이터그램 {from} B 전체를 받았고, sockstep이 recvfrom({bytes})처럼 앞의 {bytes} B만 남기고 나머지를 버렸음(강의의 recvfrom이라면 커널이 잘라 냄)",
  "call.send": "send: {bytes} B",
  "call.recv": "recv → {bytes} B{data} ({ms} ms 대기)",
  "call.recv.eof": "recv → 0 B: 스트림 끝, 상대가 FIN을 보냈음",
  "call.paused": "읽느라 멈춘 {seconds}초는 뺐음",
  "call.shutdown": "shutdown(SHUT_WR): FIN 송신, 이쪽은 아직 수신 가능",
  "call.close": "close() {local}",
  "call.close.conn": "close() 연결 {conn}: {local} ⇄ {remote}",

  "compact.socket": "socket() → {sock} ({proto})",
  "compact.bind.ephemeral": "bind → {local} (커널이 고름)",
  "compact.bind.implicit":
    "bind → {local}: 첫 송신 전에 libuv가 호출함 (Python은 bind()를 부르지 않고 커널이 sendto() 안에서 포트를 고름)",
  "compact.listen": "listen({backlog}) {local}",
  "compact.accept": "accept() → {remote} ({queued} ms)",
  "compact.accept.why":
    "accept(): {queued} ms는 sockstep 자체 큐에서 기다린 시간. Node는 커널 백로그의 연결을 곧바로 꺼냄",
  "compact.connect": "connect → {remote} ({ms} ms), 로컬 {local}",
  "compact.connect.handshake":
    "connect()는 두 커널이 SYN, SYN+ACK, ACK를 마친 뒤 돌아옴. 루프백에서 핸드셰이크는 마이크로초 단위라서 그 ms는 대부분 이 프로세스의 이벤트 루프 시간",
  "compact.recvfrom": "recvfrom → {bytes} B{data}, 보낸 쪽 {remote} ({ms} ms)",
  "compact.recvfrom.truncated": "{from} B 중 {bytes} B만 남김",
  "compact.recv": "recv → {bytes} B{data} ({ms} ms)",
  "compact.recv.http": "recv → {bytes} B ({ms} ms): {what}",
  "compact.recv.eof": "recv → 0 B: 상대의 FIN",
  "compact.recv.buffered": "시스템 콜 없음: Node가 이미 읽어 둠",
  "compact.recv.reads": "read() {count}번: {sizes} B",
  "compact.recv.partial": "{left} B는 다음 recv()로",
  "compact.requests": "요청 {count}개",
  "compact.responses": "응답 {count}개",
  "compact.shutdown": "shutdown(SHUT_WR): FIN 송신",
  "compact.close.conn": "close() 연결 {conn}",
  "compact.sendto": "sendto → {remote}: {unit}{data}",
  "compact.send": "send: {unit}{data}",
  "compact.send.http": "send {bytes} B",
  "compact.emulator.tcp": "에뮬레이터 {relay} → {target}, RTT {rtt} ms",
  "compact.client.resend":
    "연결 {conn}이(가) 닫힘: 응답 못 받은 요청 {count}개는 새 연결로 다시 보냄",
  "compact.server.splitPartial":
    "연결 {conn}의 recv() 한 번에 완전한 요청 {count}개({bytes} B)가 들어옴. 파서는 {taken}개만 가져가고 멈춤",
  "compact.folded": "같은 흐름 반복, 숫자만 다름: {what}",

  "wire.datagram": "데이터그램 {bytes} B",
  "wire.segment": "바이트 스트림 {bytes} B",
  "http.body": "본문: {bytes} B",
  "http.received": "✓ 파싱함 {startLine}: 필드 {headers}개, 본문 {bytes} B",
  "http.sent": "✓ 보냄 {startLine}: 필드 {headers}개, 본문 {bytes} B",
  "http.refused": "{status}(으)로 응답하고 연결을 닫음: {why}",
  "http.violation.malformed": "메시지가 HTTP/1.1 문법을 따르지 않음",
  "http.violation.requestLineTooLong": "요청 라인이 이 서버가 받아 주는 길이보다 김",
  "http.violation.tooManyHeaders": "헤더 필드가 이 서버가 받아 주는 개수보다 많음",
  "http.violation.headersTooLarge": "헤더 부분이 이 서버가 받아 주는 크기보다 큼",
  "http.violation.bodyTooLarge": "본문이 이 서버가 받아 주는 크기보다 큼",
  "http.violation.lengthRequired":
    "본문이 있는 요청은 길이를 알려야 함 (Content-Length 또는 chunked)",
  "http.violation.badContentLength": "Content-Length가 숫자가 아님",
  "http.violation.conflictingLength":
    "본문 길이가 두 가지로 주어짐 (서로 다른 Content-Length 두 개, 또는 Content-Length와 Transfer-Encoding을 함께): 서버는 본문이 어디서 끝나는지 알 수 없음",
  "http.violation.obsFold": "헤더 줄이 공백으로 시작함 (옛 줄 접기 obs-fold, RFC 7230부터 거부)",
  "http.violation.controlByte": "헤더 안에 제어 바이트(NUL, ESC 등)가 있음",
  "http.violation.missingHost": "HTTP/1.1 요청에는 Host가 있어야 함",
  "http.violation.badChunk": "chunked 본문의 형식이 잘못됨",
  "http.violation.unsupportedCoding": "이 서버가 구현하지 않은 전송 코딩(transfer-coding)",
  "http.violation.methodNotImplemented": "이 서버가 구현하지 않은 메서드",
  "http.violation.versionNotSupported": "1.0이나 1.1이 아닌 HTTP 버전",
  "http.violation.incomplete": "메시지 중간에 연결이 끝남",
  "http.violation.idleTimeout": "요청이 제시간에 다 오지 않음",
  "http.idleTimeout":
    "연결 {conn}에 {seconds}초 동안 요청이 없어 서버가 연결을 닫음 (유휴 타임아웃)",
  "http.idleTimeout.partial":
    "연결 {conn}이(가) 요청을 보내기 시작했지만 {seconds}초 안에 끝내지 않음: 408로 응답하고 닫음 (느린 클라이언트가 서버를 붙잡아 둘 수 없게)",
  "http.handlerError": "서버의 핸들러가 실패함 ({message}): 클라이언트는 500을 받음",
  "http.unreadTimeout":
    "연결 {conn}이(가) {seconds}초 동안 응답을 하나도 읽지 않음 (대기 {pending}개): 서버가 연결을 닫음 (보내기만 하는 클라이언트가 서버를 붙잡아 둘 수 없게)",
  "http.client.resend":
    "서버가 응답하기 전에 연결 {conn}을(를) 닫음: 요청 {count}개를 새 연결로 다시 보냄",
  "http.server.split":
    "연결 {conn}에서 recv() 한 번으로 완전한 요청 {count}개({bytes} B)가 들어옴: 요청이 연달아 도착했고, 파서가 요청마다 끝나는 곳(헤더 뒤 빈 줄, 그리고 Content-Length만큼의 본문)에서 나누었음",
  "http.server.splitPartial":
    "연결 {conn}에서 recv() 한 번으로 완전한 요청 {count}개({bytes} B)가 연달아 들어옴: 파서는 그중 {taken}개를 요청마다 끝나는 곳(헤더 뒤 빈 줄, 그리고 Content-Length만큼의 본문)까지 떼어 내고 거기서 멈추었음",
  "http.persist.http11Default":
    "HTTP/1.1: 누군가 close라고 하기 전까지 연결이 열려 있음 (지속 커넥션)",
  "http.persist.requestClose": "요청이 Connection: close라고 함: 이 응답 뒤에 닫음",
  "http.persist.responseClose": "응답이 Connection: close라고 함: 응답 뒤에 닫음",
  "http.persist.http10Default": "Connection: keep-alive 없는 HTTP/1.0: 연결 하나에 요청 하나",
  "http.persist.http10KeepAlive":
    "HTTP/1.0이지만 Connection: keep-alive를 요청했고 서버가 동의함: 연결이 열려 있음",
  "http.persist.http10NotEchoed":
    "HTTP/1.0에서 keep-alive를 요청했지만 응답이 동의하지 않음: 클라이언트는 닫힌다고 보아야 함",
  "http.persist.closeDelimited":
    "응답에 Content-Length도 chunked도 없음: 연결이 닫혀야 응답의 끝을 알 수 있음",
  "http.persist.responseHttp10": "keep-alive 없는 HTTP/1.0 응답: 응답 뒤에 닫음",
  "http.persist.maxRequests": "이 연결이 서버의 요청 수 한도에 닿음: 이 응답 뒤에 닫음",
  "note.simulated": "[시뮬레이션]",
  "measure.model": " (모델: {model} {unit})",
  "timeline.conn": "연결 {conn}",
  "timeline.title": "타임라인",
  "timeline.ms": "{ms} ms",
  "timeline.model": ", 모델 {model} ms",
  "timeline.group": "{label} · {value} ms{model} · 연결 {connections}개",
  "timeline.legend.connect": "연결(핸드셰이크)",
  "timeline.legend.request": "요청 전송 중",
  "timeline.legend.wait": "서버 처리 중",
  "timeline.legend.held": "준비됐지만 차례 대기",
  "timeline.legend.response": "응답 전송 중",
  "timeline.legend.roundtrip": "요청 → 응답",
  "timeline.legend.closed": "연결 닫힘",
  "timeline.legend.unanswered": "응답 못 받음",
  "timeline.table.strategy": "방식",
  "timeline.table.connections": "연결 수",
  "timeline.table.measured": "측정",
  "timeline.table.model": "모델",
  "timeline.table.diff": "차이",

  "end.ok": "레슨 완료",
  "end.failed": "레슨 실패",
  "end.interrupted": "중단됨",

  "run.pause": "Enter: 다음 단계 · b: 이전 · ?: 키 목록 · q: 끝내기",
  "run.keys.title": "멈춤에서 쓰는 키:",
  "run.keys.nextKeys": "Enter, 스페이스",
  "run.keys.next": "다음 단계",
  "run.keys.back": "이전: 앞 단계를 다시 보기",
  "run.keys.replay": "이 단계를 다시 보기",
  "run.keys.jump": "그 단계로 가기 (앞으로: 사이의 단계는 멈추지 않고 실행; 뒤로: 다시 보기)",
  "run.keys.detail": "자세히 보기: 지금은 {detail}, d를 누르면 {other}",
  "run.keys.help": "이 키 목록",
  "run.keys.quit": "끝내기",
  "run.keys.replayNote":
    "다시 보는 단계는 이번 실행의 트레이스에서 다시 그린 것: 소켓을 두 번 실행하지 않음.",
  "run.detail.compact": "간단히",
  "run.detail.full": "자세히",
  "run.detail.now": "보기: {detail}.",
  "run.replay.title": "{title} · 다시 보기",
  "run.replay.note":
    "이번 실행의 트레이스에서 다시 보여 줌: 아무것도 다시 송신하거나 수신하지 않으며, 숫자는 그때 잰 값.",
  "run.quiet.title": "멈추지 않고 실행한 단계 (b, r 또는 단계 번호로 다시 보기):",
  "run.carried": "프롬프트가 기다리는 동안:",
  "run.serving": "sockstep {lesson}: {address}에서 {proto} 서비스 중 · Ctrl-C로 종료",
  "run.public": "{address}: 이 서버는 이 컴퓨터 밖의 네트워크에서도 접속할 수 있습니다",
  "class.head.http":
    "수업 보기 · 열린 연결 {open}개 · 클라이언트 {clients}명 · 초당 요청 {rate}개 · 모두 {requests}개",
  "class.head.tcp":
    "수업 보기 · 열린 연결 {open}개 · 받아들인 연결 {accepted}개 · 초당 메시지 {rate}개 · 모두 {messages}개",
  "class.head.udp":
    "수업 보기 · 최근 10초 동안 들어온 클라이언트 {present}명 · 초당 데이터그램 {rate}개 · 클라이언트 {clients}명에게서 모두 {datagrams}개",
  "class.answers": "응답: {list}",
  "class.sessions": "저장소의 세션 {sessions}개",
  "class.client": "  {who}: {last} · {seconds}초 전",
  "class.following": "해설 대상: --follow {spec}, 나머지는 위에서 셉니다",
  "class.followHint":
    "해설 대상: 한 번에 먼저 온 클라이언트 {auto}명, 한 학생만 보려면 --follow <conn|ip|이름>",
  "class.window.http":
    "· 최근 {seconds}초: 새 연결 {accepted}개에서 요청 {requests}개, 클라이언트 {clients}명{statuses}, 세기만 하고 해설하지 않음",
  "class.window.tcp":
    "· 최근 {seconds}초: 연결 {accepted}개, 메시지 {messages}개, 클라이언트 {clients}명, 세기만 하고 해설하지 않음",
  "class.window.udp":
    "· 최근 {seconds}초: 클라이언트 {clients}명에게서 데이터그램 {datagrams}개, 세기만 하고 해설하지 않음",
  "class.total.http":
    "연결 {accepted}개에서 요청 {requests}개를 처리했습니다. 클라이언트 {clients}명{statuses}.",
  "class.total.tcp":
    "연결 {accepted}개, 메시지 {messages}개를 처리했습니다. 클라이언트 {clients}명.",
  "class.total.udp": "클라이언트 {clients}명에게서 데이터그램 {datagrams}개를 처리했습니다.",
  "class.capped":
    "… {who}: 처음 이벤트 {events}개까지 해설했고 나머지는 셉니다 (한 클라이언트를 모두 보려면 --follow)",
  "class.behind":
    "… 터미널이 따라오지 못해 이벤트 {events}개를 그리지 않았습니다 (서버는 터미널을 기다리지 않습니다. --json > 파일은 모두 남깁니다)",
  "run.predict.right": "정답입니다.",
  "run.predict.wrong": "아쉽습니다. 정답은 “{answer}”입니다.",
  "run.predict.second": "두 번째에 맞혔습니다.",
  "run.predict.hint": "그것은 아닙니다. 힌트: {hint} 한 번 더 골라 보세요.",
  "run.predict.hintOnly": "그것은 아닙니다. 힌트: {hint}",
  "run.quiz.title": "마무리 문제 {total}개: 답하면 바로 해설이 나옵니다.",
  "run.quiz.score": "점수: {score}/{total}.",
  "run.quiz.scoreBest": "점수: {score}/{total} (최고 기록: {best}/{total}).",

  "verify.message": "hello from sockstep",
  "verify.intro.server":
    "sockstep이 {lesson} 서버를 검사합니다. 여러분의 프로그램이 서버, sockstep이 클라이언트를 맡아 메시지를 보내고 답장을 하나하나 확인합니다.",
  "verify.intro.client":
    "sockstep이 {lesson} 클라이언트를 검사합니다. 여러분의 프로그램이 클라이언트를 맡고, sockstep은 레슨의 서버를 실행해 클라이언트가 하는 일을 지켜봅니다.",
  "verify.started":
    "sockstep이 프로그램을 시작했습니다(pid {pid}): {command}  (PORT={portNumber}, HOST={host})",
  "verify.startedClient":
    "sockstep이 프로그램을 시작했습니다(pid {pid}): {command}  (PORT={portNumber}, HOST={host}. 메시지 “{message}”은(는) MESSAGE 환경 변수와 표준 입력으로 줍니다)",
  "verify.wait.listen": "프로그램이 {address}에서 리슨하기를 기다리는 중",
  "verify.listening.tcp":
    "프로그램이 {address}에서 리슨합니다. sockstep의 시험 연결이 {ms} ms 만에 수락되었습니다(바로 다시 닫았습니다).",
  "verify.listening.udp":
    "프로그램이 {address}에서 답합니다. sockstep이 보낸 시험 데이터그램에 {ms} ms 만에 답장이 왔습니다.",
  "verify.outputMore": "프로그램 출력 {count}줄은 생략했습니다",
  "verify.fail.notFound": "'{file}'을(를) 시작할 수 없습니다. 그런 프로그램이나 파일이 없습니다",
  "verify.fail.cannotStart": "'{file}'을(를) 시작할 수 없습니다: {detail}",
  "verify.fail.exitedEarly": "프로그램이 {address}에서 리슨하기 전에 끝났습니다({how})",
  "verify.fail.neverListened": "프로그램이 {seconds}초 안에 {address}에서 리슨하지 않았습니다",
  "verify.fail.listensElsewhere":
    "프로그램이 {seconds}초 안에 {address}에서 리슨하지 않았습니다. 대신 {elsewhere}에서 리슨하고 있습니다",
  "verify.fail.wrongProto":
    "프로그램이 {seconds}초 안에 {address}에서 리슨하지 않았습니다. {elsewhere}에 {got} 소켓이 있지만 이 레슨에는 {want}이(가) 필요합니다",
  "verify.fail.silentUdp":
    "프로그램이 {address}을(를) 잡고 있지만 {seconds}초 동안 sockstep의 시험 데이터그램에 한 번도 답하지 않았습니다",
  "verify.fail.serverExited": "sockstep이 검사하는 도중에 서버가 끝났습니다({how})",
  "verify.fail.clientExited": "클라이언트가 할 일을 마치기 전에 끝났습니다({how})",
  "verify.exit.code": "종료 코드 {code}",
  "verify.exit.signal": "시그널 {signal}",
  "verify.hint.notFound":
    "철자를 확인하고 프로그램이 설치되어 있는지(python3 --version) 보세요. 아니면 전체 경로를 주세요.",
  "verify.hint.oneWord":
    "명령을 따옴표로 묶은 한 덩어리가 아니라 -- 뒤에 낱말별로 주세요: sockstep verify {lesson} -- python3 server.py {port}",
  "verify.hint.port":
    "sockstep이 주는 포트(이번에는 {portNumber})를 쓰세요. 12000 같은 고정 포트 대신 인자에 {port}을(를) 넣거나 PORT 환경 변수를 읽으면 됩니다.",
  "verify.hint.listenTcp":
    "TCP 서버는 accept() 반복문에 들어가기 전에 socket(), bind((host, port)), listen()을 부릅니다. 키보드 입력을 기다리거나 bind() 전에 멈춰 있지는 않나요?",
  "verify.hint.listenUdp":
    "UDP 서버는 socket()과 bind((host, port))를 부른 뒤, recvfrom()으로 받을 때마다 recvfrom()이 돌려준 주소로 sendto() 합니다.",
  "verify.hint.crash":
    "프로그램의 오류 출력을 읽어 보세요(보통 마지막 줄이 문제를 말해 줍니다). 직접 실행해 보면 전부 볼 수 있습니다.",
  "verify.hint.clientTarget":
    "클라이언트는 주어진 호스트와 포트로 통신합니다. 인자에 {host}와(과) {port}을(를) 넣거나 HOST와 PORT 환경 변수를 읽으세요.",
  "verify.hint.keepServing":
    "서버는 계속 실행되면서 클라이언트를 하나씩 차례로 받습니다. accept()나 recvfrom()은 `while True:` 안에 있어야 하고, 클라이언트 하나의 문제로 서버가 끝나면 안 됩니다.",
  "verify.nothing": "아무것도 없음",
  "verify.output": "{stream}: {line}",
  "verify.stray":
    "프로그램이 백그라운드에 프로세스를 남겼습니다(pid {pid}). sockstep이 종료했습니다",
  "verify.strayListening":
    "프로그램이 백그라운드에 프로세스를 남겼습니다(pid {pid}, {address}에서 리슨 중). sockstep이 종료했습니다",
  "verify.passLine": "통과 · {lesson}: {role}이(가) 검사 {total}개를 모두 통과했습니다",
  "verify.failLine": "실패 · {lesson}, 검사 {index}/{total}: {title}",
  "verify.failLineEarly": "실패 · {lesson}: 검사를 하나도 시작하지 못했습니다",
  "verify.expected": "기대값",
  "verify.got": "실제값",
  "verify.hint": "힌트",
  "verify.stderrTail": "표준 오류(stderr)의 마지막 줄:",
  "verify.failLineExited":
    "실패 · {lesson}: 검사 {index}/{total} 도중에 프로그램이 끝났습니다({how}): {title}",
  "verify.seen": "sockstep이 본 것",
  "verify.plan.title": "검사가 한 일:",
  "verify.bytes.title": "sockstep의 소켓이 보내고 받은 바이트 그대로(␍ = CR, ␊ = LF):",
  "verify.bytes.eof": "0 B: 스트림의 끝(FIN)",
  "verify.bytes.more": "… {count}줄 더",
  "verify.rerun.title": "직접 확인해 보기:",
  "verify.rerun.server": "프로그램을 다시 시작합니다:",
  "verify.rerun.client": "레슨의 서버를 시작합니다:",
  "verify.rerun.then": "그리고 다른 터미널에서:",
  "verify.see":
    "{lesson} 단계 {index}/{total}을(를) 보세요: {title} (sockstep {lesson} --from-step {index})",
  "verify.plan.connect": "{address}에 연결한다",
  "verify.plan.send": "{data}을(를) 보낸다",
  "verify.plan.halfClose": "shutdown(SHUT_WR): 더 보낼 것이 없다, 메시지가 끝났다",
  "verify.plan.expectReply":
    "{seconds}초 안에 {data}이(가) 돌아오고, 이어서 서버가 연결을 닫기를(recv() → 0 B) 기대한다",
  "verify.plan.sendto": "새 UDP 소켓에서 {address}(으)로 데이터그램 {data}을(를) 보낸다",
  "verify.plan.expectDatagram":
    "{seconds}초 안에 {address}에서 데이터그램 {data}이(가) 돌아오기를 기대한다",
  "verify.plan.start": "프로그램을 시작한다: {command}",
  "verify.plan.expectPrint": "{seconds}초 안에 프로그램이 {data}을(를) 출력하기를 기대한다",
  "verify.plan.expectExit": "{seconds}초 안에 프로그램이 종료 코드 0으로 스스로 끝나기를 기대한다",
  "verify.plan.expectStatus": "{seconds}초 안에 {status}을(를) 기대한다",
  "run.predict.keys": "↑↓ 고르기 · Enter: 답하기",

  "handout.noHeader":
    "--json 트레이스: 어느 레슨을 어떤 옵션으로 실행했는지는 기록되어 있지 않습니다",
  "handout.mode.replay": "서버와 클라이언트를 한 프로세스에서",
  "handout.mode.serve": "--serve: 서버만",
  "handout.mode.connect": "--connect: 클라이언트만",
  "handout.options": "옵션: {options}",
  "handout.recorded": "sockstep {version}(으)로 기록",
  "handout.run": "실행",
  "handout.contents": "단계",
  "handout.largeType": "큰 글씨",
  "handout.expandAll": "헤더 모두 보기",
  "handout.print": "인쇄",
  "handout.headers": "헤더 필드 {count}개, 본문 {bytes} B",
  "handout.implicitBind": "첫 sendto()에서 암묵적으로",
} satisfies Record<Key, string>;

export const messages = { en, ko } as const;
export type MessageKey = Key;
