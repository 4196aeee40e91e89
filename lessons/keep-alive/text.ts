/** Every sentence keep-alive says. Facts in {braces} come from this run's events. */
const en = {
  "step.setup": "A server, and a network with a round-trip time",
  "step.http10": "HTTP/1.0: one connection per request",
  "step.keepalive": "HTTP/1.0 with Connection: Keep-Alive",
  "step.not-echoed": "No echo, no keep-alive",
  "step.http11": "HTTP/1.1: persistent by default",
  "step.compare": "The three runs side by side",
  "step.no-length": "Without Content-Length, a response ends with its connection",
  "step.idle": "The server closes an idle connection",
  "step.hop-by-hop": "Hop-by-hop fields: Connection, what it names, and a few more",

  "label.http10": "HTTP/1.0, a connection per request",
  "label.keepalive": "HTTP/1.0 + Keep-Alive",
  "label.http11": "HTTP/1.1 persistent",

  "note.setup":
    "The server listens on {server}. The client fetches the same {n} small pages three times, each time under different connection rules, and every run is timed.",
  "note.connectTarget":
    "The client fetches {n} pages from {target} three times, each time under different connection rules, and times every run.",
  "note.rtt":
    "On loopback a round trip takes microseconds, so the emulator adds one: RTT {rtt} ms (--rtt; {default} ms when not given, long enough to see every handshake, short enough not to wait). A request on a new connection then costs 2 RTT = {fresh} ms: one RTT for the handshake, one for the request and its response. On a connection already open it costs 1 RTT.",
  "note.noRtt":
    "--rtt 0: no emulator. The times below are the real network's, and the model, which counts round trips, has nothing to predict.",
  "note.rttOverIdle":
    "Expect reuse to fail in this run: with an RTT of {rtt} ms, the next request on a connection reaches the server one RTT after its answer left, later than the server's idle timeout of {idle} s, so the server will have closed the connection by then.",
  "note.http10Intro":
    "HTTP/1.0 without a Connection header: the server answers and closes. Each of the {n} requests needs a new connection, and so a new handshake.",
  "note.connEnded":
    "Connection {conn} carried {carried} {carried|request|requests}, then ended: {rule}.",
  "note.connLeftOpen": "Connection {conn} could take more ({rule}); the client closes it.",
  "note.http10Result":
    "{n} {n|request|requests} took {connects} {connects|connection|connections} (requests on each: {carried}): every request paid for its own handshake. Measured {measured} ms; model N × 2 RTT = {model}.",
  "note.keepaliveAsk":
    "Each request now asks Connection: Keep-Alive, an HTTP/1.0 extension: it holds only if the server answers in kind.",
  "note.keepaliveEcho":
    "The server agreed. timeout={timeout}, max={max} are hints, in no standard (about {timeout} s idle, {max} more requests); either side may close any time (RFC 9112 §9.3).",
  "note.keepaliveCountdown": "The answers counted down, as Apache's do: {values}.",
  "note.keepaliveMax":
    "Answer {index}: Connection: {connection}, count used up; connection {conn} closes.",
  "note.keepaliveEchoPlain":
    "The server agreed: its answer carries Connection: {connection}. It sent no Keep-Alive header, so it promised neither an idle timeout nor a limit on requests.",
  "note.keepaliveNoMax": "The server never said close, so every request went on one connection.",
  "note.keepaliveClosedSilently":
    "The server never answered Connection: close, yet the {n} requests needed {connects} connections: it closed connections between requests without saying so in an answer, and the client learned it only when its next request found the connection closed (the resend notes above).",
  "note.keepaliveNotEchoed":
    "The answer did not repeat Keep-Alive (Connection: {connection}). A client whose request was not echoed must assume the server will close, so it connected again for each request.",
  "note.keepaliveResult":
    "Requests: {n}; connections: {connects} ({carried}); {per} per connection (1 + max={max}), ceil(N/{per}) = {predicted}. Measured {measured} ms; model ceil(N/{per}) × RTT + N × RTT = {model}.",
  "note.keepaliveResultNoMax":
    "Requests: {n}; connections: {connects} (requests on each: {carried}). The server named no max, so the rules predict one connection for all. Measured {measured} ms; model RTT + N × RTT = {model}.",
  "note.keepaliveResultClose":
    "Requests: {n}; connections: {connects} (requests on each: {carried}). Without the echo each connection carries one request, as in plain HTTP/1.0. Measured {measured} ms; model N × 2 RTT = {model}.",
  "note.unexpectedConnects":
    "The rules predicted {predicted} {predicted|connection|connections}, but the client opened {connects}: the server closed a connection the rules would have kept (see the close events above).",
  "note.notEchoedConnect":
    "This step needs the lesson's own server: it starts an old server that ignores Keep-Alive. Against another server, the previous step showed whether it echoed Keep-Alive.",
  "note.legacySetup":
    "A second server on {server} predates the keep-alive extension: it ignores Connection: Keep-Alive. The client asks for keep-alive anyway, twice.",
  "note.legacyResult":
    "The answer ({status}) did not say Connection: Keep-Alive, so the client must take it that the connection ends with this answer. It sent the second request on a new connection, {conn2}, not on {conn1}.",
  "note.legacyResultClosed":
    "The answer ({status}) did not say Connection: Keep-Alive, so the client must take it that the connection ends with this answer, and it did: the old server closed connection {conn1} right after answering (its close() is above). A second request written on {conn1} would have found the connection closed and got no answer; the client sent it on a new connection, {conn2}. A request that hangs until a timeout is another failure, the dumb proxy of the last step.",
  "note.http11Intro":
    "HTTP/1.1 turns the default around: a connection stays open unless someone says Connection: close. No header is needed to keep it. The client puts Connection: close on its last request, so nobody holds an idle connection for nothing. (The slides call HTTP connectionless, closing the connection after each response: that was HTTP/1.0's default, the first run above, not HTTP's nature.)",
  "note.http11Result":
    "{n} requests on {connects} connection: one handshake in all. Measured {measured} ms; model RTT + N × RTT = {model}.",
  "note.http11ResultMany":
    "Requests: {n}; connections: {connects} (requests on each: {carried}), where the rules needed one. Measured {measured} ms; model, for one connection, RTT + N × RTT = {model}.",
  "note.timeline":
    "The three runs on one time scale: a lane per connection, a row per request. Each = is a handshake; > and < are the request and the response crossing the emulated network.",
  "note.compare":
    "Measured: HTTP/1.0 {http10} ms (connections: {c10}), keep-alive {keepalive} ms (connections: {cka}), HTTP/1.1 {http11} ms (connections: {c11}).",
  "note.compareSaved":
    "HTTP/1.1 did without {fewer} of HTTP/1.0's {c10} handshakes and finished {saved} ms sooner. The model, at one RTT ({rtt} ms) per handshake, expects {fewer} × {rtt} = {model} ms.",
  "note.compareSavedNoRtt":
    "HTTP/1.1 did without {fewer} of HTTP/1.0's {c10} handshakes and finished {saved} ms sooner. There is no emulated RTT here and a loopback handshake takes microseconds, so these {saved} ms are what opening and closing the extra connections cost on this machine.",
  "note.compareNotFaster":
    "HTTP/1.1 did without {fewer} of HTTP/1.0's {c10} handshakes, yet it did not finish sooner ({http11} ms against {http10} ms): in this run a handshake cost less than the other delays varied.",
  "note.compareNoSaving":
    "HTTP/1.1 saved no handshake in this run: it needed {c11} {c11|connection|connections}, HTTP/1.0 {c10}. The server closed connections that the rules would have kept (see the notes above), so reuse had nothing to save.",
  "note.slowStart":
    "On a real network the gap is wider: a new TCP connection starts with a small congestion window (slow start), and a closed one leaves a TIME_WAIT entry on the side that closed first. A reused connection keeps its grown window, but after idling past the retransmission timeout TCP shrinks it (RFC 5681 §4.1); Linux does unless net.ipv4.tcp_slow_start_after_idle is 0, and here it is {value}.",
  "note.slowStartOff":
    "On a real network the gap is wider still: a new TCP connection starts with a small congestion window (slow start), and each closed connection leaves a TIME_WAIT entry on the side that closed first. A reused connection skips the handshake and keeps the window it has grown. TCP may shrink the window of a connection that sat idle (RFC 5681 §4.1), and Linux does by default, but on this machine net.ipv4.tcp_slow_start_after_idle is {value}: it keeps the window.",
  "note.slowStartUnknown":
    "On a real network the gap is wider still: a new TCP connection starts with a small congestion window (slow start), and each closed connection leaves a TIME_WAIT entry on the side that closed first. A reused connection skips the handshake and keeps the window it has grown while it stays busy; after an idle time longer than the retransmission timeout, TCP shrinks the window again (RFC 5681 §4.1), as Linux does by default (net.ipv4.tcp_slow_start_after_idle = 1). This run could not read that setting ({reason}).",
  "note.noLength":
    "This response has neither Content-Length nor chunked coding, so the client could only tell where its body ended when the server closed: it read until recv() returned 0 B ({bytes} B of body). Connection {conn} ended with the body.",
  "note.noLengthFramed":
    "This server framed its answer ({framing}), so connection {conn} stays usable. The lesson's own server answers /no-length without a length to show the other case.",
  "note.noLengthReconnect":
    "So connection {conn1} could not carry another request: the next one connected again ({conn2}). Framing (Content-Length or chunked coding) is what makes reuse possible; without it, the end of the body and the end of the connection are one and the same.",
  "note.noLengthReused":
    "The next request reused connection {conn2}: the framed answer left it open.",
  "note.idleSetup":
    "A third server on {server} closes a connection after {seconds} s without a request: a short timeout, so you do not have to wait (Apache uses 5 s, nginx 75 s).",
  "note.idleWait":
    "The answer said Keep-Alive: {keepAlive}. Now the client sends nothing on connection {conn} and just watches it (recv) for up to {seconds} s.",
  "note.idleWaitUnsaid":
    "The answer names no idle timeout. Now the client sends nothing on connection {conn} and just watches it (recv) for up to {seconds} s.",
  "note.idleClosed":
    "After {waited} ms of silence the server closed connection {conn}: the client's recv() returned 0 B (FIN). An idle connection costs the server memory and a descriptor, so it does not keep one forever.",
  "note.idleNoClose":
    "The server kept connection {conn} open for all {waited} ms the client waited; the client closes it itself.",
  "note.idleReconnect":
    "The next request found connection {conn1} closed and connected again ({conn2}): one more handshake. Had the request left just as the server closed, it would have been lost in that race; this is why a client sends an idempotent request (GET) once more when a reused connection closes under it.",
  "note.idleReused": "The next request found connection {conn1} still open and reused it.",
  "note.hopServer":
    "Connection on connection {conn} names {named}. Those fields concern this one hop: a proxy passing the request on must delete {removed}, and forward only {forwarded}.",
  "note.hopClient":
    "The request's Connection field names {named}. A proxy on the way must delete {removed}, and forward only {forwarded}.",
  "note.hopWhy":
    "Hop-by-hop fields describe one link, not the message: Connection, each field it names, and always Keep-Alive, Proxy-Connection, TE, Transfer-Encoding, Upgrade. Proxies strip them; Connection must not name a field for every recipient, like Cache-Control (RFC 9110 §7.6.1). A 'dumb proxy' that forwarded Connection: Keep-Alive made the server keep a connection the proxy meant to close, and the client hung. HTTP/2 and HTTP/3 forbid these fields.",
  "note.serveHint":
    "Try it with curl. HTTP/1.1 reuses one connection: curl -v {url}/a {url}/b (look for 'Re-using existing connection'). HTTP/1.0 connects twice: curl -v --http1.0 {url}/a {url}/b. Keep-Alive with a limit: curl -v --http1.0 -H 'Connection: Keep-Alive' {url}/a {url}/b {url}/c {url}/d (timeout={timeout}, max={max}). {url}/no-length answers without Content-Length.",
  "note.serveNoRtt":
    "In --serve mode there is no emulator: the network between the client and this server is the real one.",
} as const;

type Key = keyof typeof en;

const ko = {
  "step.setup": "서버, 그리고 왕복 시간이 있는 네트워크",
  "step.http10": "HTTP/1.0: 요청마다 연결 하나",
  "step.keepalive": "Connection: Keep-Alive를 붙인 HTTP/1.0",
  "step.not-echoed": "되돌려 주지 않으면 keep-alive도 없다",
  "step.http11": "HTTP/1.1: 기본이 지속 커넥션",
  "step.compare": "세 번의 실행을 나란히",
  "step.no-length": "Content-Length가 없으면 응답은 연결과 함께 끝난다",
  "step.idle": "서버가 쉬고 있는 연결을 닫는다",
  "step.hop-by-hop": "홉별(hop-by-hop) 헤더: Connection, 거기 적힌 헤더, 그리고 몇 가지 더",

  "label.http10": "HTTP/1.0, 요청마다 연결",
  "label.keepalive": "HTTP/1.0 + Keep-Alive",
  "label.http11": "HTTP/1.1 지속 커넥션",

  "note.setup":
    "서버는 {server}에서 리슨합니다. 클라이언트는 같은 작은 페이지 {n}개를 연결 규칙을 바꿔 가며 세 번 가져오고, 실행마다 시간을 잽니다.",
  "note.connectTarget":
    "클라이언트는 {target}에서 페이지 {n}개를 연결 규칙을 바꿔 가며 세 번 가져오고, 실행마다 시간을 잽니다.",
  "note.rtt":
    "루프백에서는 왕복이 마이크로초 만에 끝나므로 에뮬레이터가 왕복 시간을 더합니다: RTT {rtt} ms (--rtt, 주지 않으면 {default} ms: 핸드셰이크가 하나하나 보일 만큼 길고, 기다리기 지루하지 않을 만큼 짧습니다). 그러면 새 연결에서 요청 하나는 2 RTT = {fresh} ms가 듭니다. 핸드셰이크에 RTT 한 번, 요청과 응답에 한 번입니다. 이미 열려 있는 연결에서는 1 RTT면 됩니다.",
  "note.noRtt":
    "--rtt 0: 에뮬레이터가 없습니다. 아래 시간은 실제 네트워크의 시간이고, 왕복 횟수를 세는 모델은 예측할 것이 없습니다.",
  "note.rttOverIdle":
    "이번 실행에서는 연결 재사용이 실패할 것으로 보입니다. RTT가 {rtt} ms이면 한 연결의 다음 요청은 응답이 떠나고 RTT 한 번 뒤에야 서버에 닿는데, 서버의 유휴 타임아웃 {idle}초보다 늦으므로 그때는 서버가 이미 연결을 닫았을 것입니다.",
  "note.http10Intro":
    "Connection 헤더 없는 HTTP/1.0: 서버는 응답하고 연결을 닫습니다. 요청 {n}개가 저마다 새 연결, 곧 새 핸드셰이크를 필요로 합니다.",
  "note.connEnded": "연결 {conn}은(는) 요청 {carried}개를 나른 뒤 끝났습니다: {rule}.",
  "note.connLeftOpen": "연결 {conn}은(는) 더 나를 수 있었지만({rule}) 클라이언트가 닫습니다.",
  "note.http10Result":
    "요청 {n}개에 연결 {connects}개(연결별 요청 수: {carried}): 요청마다 자기 핸드셰이크 값을 치렀습니다. 측정 {measured} ms, 모델 N × 2 RTT = {model}.",
  "note.keepaliveAsk":
    "이제 요청마다 Connection: Keep-Alive를 붙입니다. HTTP/1.0의 확장이라 서버가 같은 헤더로 답해야만 성립합니다.",
  "note.keepaliveEcho":
    "서버가 동의했습니다. timeout={timeout}, max={max}은(는) 표준에 없는 힌트(유휴 {timeout}초쯤, 요청 {max}개 더)일 뿐, 어느 쪽이든 언제라도 닫을 수 있습니다(RFC 9112 §9.3).",
  "note.keepaliveCountdown": "응답들은 Apache처럼 수를 줄여 갔습니다: {values}.",
  "note.keepaliveMax":
    "{index}번째 응답: Connection: {connection}, 수를 다 써서 연결 {conn}이(가) 닫힙니다.",
  "note.keepaliveEchoPlain":
    "서버가 동의했습니다. 응답에 Connection: {connection}이(가) 있습니다. Keep-Alive 헤더는 보내지 않았으므로 유휴 타임아웃도 요청 수 한도도 약속하지 않았습니다.",
  "note.keepaliveNoMax": "서버가 close라고 하지 않았으므로 모든 요청이 연결 하나로 갔습니다.",
  "note.keepaliveClosedSilently":
    "서버는 Connection: close로 답한 적이 없는데도 요청 {n}개에 연결이 {connects}개 필요했습니다. 서버가 응답으로 알리지 않고 요청 사이에 연결을 닫았고, 클라이언트는 다음 요청이 닫힌 연결을 만났을 때에야 그것을 알았습니다(위의 재전송 메모).",
  "note.keepaliveNotEchoed":
    "응답이 Keep-Alive를 되돌려 주지 않았습니다(Connection: {connection}). 요청이 되돌아오지 않은 클라이언트는 서버가 닫는다고 가정해야 하므로, 요청마다 다시 연결했습니다.",
  "note.keepaliveResult":
    "요청 {n}개, 연결 {connects}개({carried}). 연결마다 {per}개(1 + max={max}), ceil(N/{per}) = {predicted}. 측정 {measured} ms, 모델 ceil(N/{per}) × RTT + N × RTT = {model}.",
  "note.keepaliveResultNoMax":
    "요청 {n}개, 연결 {connects}개(연결별 요청 수: {carried}). 서버가 max를 밝히지 않았으므로 규칙대로라면 연결 하나로 모두 갑니다. 측정 {measured} ms, 모델 RTT + N × RTT = {model}.",
  "note.keepaliveResultClose":
    "요청 {n}개, 연결 {connects}개(연결별 요청 수: {carried}). 되돌려 주지 않았으므로 평범한 HTTP/1.0처럼 연결마다 요청 하나입니다. 측정 {measured} ms, 모델 N × 2 RTT = {model}.",
  "note.unexpectedConnects":
    "규칙대로라면 연결이 {predicted}개여야 하는데 클라이언트는 {connects}개를 열었습니다. 규칙상 유지될 연결을 서버가 닫은 것입니다(위의 close 이벤트를 보세요).",
  "note.notEchoedConnect":
    "이 단계는 레슨 자체의 서버가 필요합니다(Keep-Alive를 모르는 옛 서버를 띄웁니다). 다른 서버를 상대로는, 앞 단계에서 그 서버가 Keep-Alive를 되돌려 주었는지 보았습니다.",
  "note.legacySetup":
    "{server}의 두 번째 서버는 keep-alive 확장보다 오래된 서버라서 Connection: Keep-Alive를 무시합니다. 클라이언트는 그래도 keep-alive를 두 번 요청합니다.",
  "note.legacyResult":
    "응답({status})에 Connection: Keep-Alive가 없으므로 클라이언트는 연결이 이 응답과 함께 끝난다고 보아야 합니다. 그래서 두 번째 요청은 {conn1}이(가) 아니라 새 연결 {conn2}(으)로 보냈습니다.",
  "note.legacyResultClosed":
    "응답({status})에 Connection: Keep-Alive가 없으므로 클라이언트는 연결이 이 응답과 함께 끝난다고 보아야 하고, 실제로 그랬습니다. 옛 서버는 응답하자마자 연결 {conn1}을(를) 닫았습니다(위의 close()). 두 번째 요청을 {conn1}에 썼다면 닫힌 연결을 만나 아무 답도 받지 못했을 것입니다. 클라이언트는 그 요청을 새 연결 {conn2}(으)로 보냈습니다. 요청이 타임아웃까지 멈춰 있는 것은 또 다른 실패로, 마지막 단계의 멍청한 프록시 문제입니다.",
  "note.http11Intro":
    "HTTP/1.1은 기본값을 뒤집었습니다. 누군가 Connection: close라고 하기 전까지 연결은 열려 있습니다. 유지하는 데 헤더가 필요 없습니다. 클라이언트는 마지막 요청에 Connection: close를 붙여서, 아무도 쓸데없이 쉬는 연결을 붙잡고 있지 않게 합니다. (강의 자료는 HTTP가 응답마다 연결을 끊는 비연결성 프로토콜이라고 하지만, 그것은 HTTP/1.0의 기본 동작, 곧 위의 첫 번째 실행일 뿐 HTTP의 본성이 아닙니다.)",
  "note.http11Result":
    "요청 {n}개에 연결 {connects}개: 핸드셰이크는 모두 합쳐 한 번입니다. 측정 {measured} ms, 모델 RTT + N × RTT = {model}.",
  "note.http11ResultMany":
    "요청 {n}개, 연결 {connects}개(연결별 요청 수: {carried}). 규칙대로라면 하나면 충분했습니다. 측정 {measured} ms, 연결 하나일 때의 모델 RTT + N × RTT = {model}.",
  "note.timeline":
    "세 번의 실행을 같은 시간 축에 놓았습니다. 연결마다 한 레인, 요청마다 한 줄입니다. =는 핸드셰이크, >와 <는 요청과 응답이 에뮬레이션된 네트워크를 건너는 시간입니다.",
  "note.compare":
    "측정: HTTP/1.0 {http10} ms(연결 {c10}개), keep-alive {keepalive} ms(연결 {cka}개), HTTP/1.1 {http11} ms(연결 {c11}개).",
  "note.compareSaved":
    "HTTP/1.1은 HTTP/1.0의 핸드셰이크 {c10}번 가운데 {fewer}번을 치르지 않았고 {saved} ms 먼저 끝났습니다. 핸드셰이크마다 RTT 한 번({rtt} ms)을 치는 모델은 {fewer} × {rtt} = {model} ms를 예상합니다.",
  "note.compareSavedNoRtt":
    "HTTP/1.1은 HTTP/1.0의 핸드셰이크 {c10}번 가운데 {fewer}번을 치르지 않았고 {saved} ms 먼저 끝났습니다. 여기에는 에뮬레이션된 RTT가 없고 루프백의 핸드셰이크는 마이크로초면 끝나므로, 이 {saved} ms는 이 컴퓨터에서 연결을 더 열고 닫는 데 든 비용입니다.",
  "note.compareNotFaster":
    "HTTP/1.1은 HTTP/1.0의 핸드셰이크 {c10}번 가운데 {fewer}번을 치르지 않았지만 더 빨리 끝나지는 않았습니다(HTTP/1.1 {http11} ms, HTTP/1.0 {http10} ms). 이번 실행에서는 핸드셰이크 비용이 다른 지연의 흔들림보다 작았습니다.",
  "note.compareNoSaving":
    "이번 실행에서 HTTP/1.1은 핸드셰이크를 하나도 아끼지 못했습니다. 연결이 {c11}개 필요했고 HTTP/1.0은 {c10}개였습니다. 규칙대로라면 유지되었을 연결을 서버가 닫았으므로(위의 메모) 재사용으로 아낄 것이 없었습니다.",
  "note.slowStart":
    "실제 네트워크에서는 차이가 더 큽니다. 새 TCP 연결은 작은 혼잡 윈도로 시작하고(느린 시작), 닫힌 연결은 먼저 닫은 쪽에 TIME_WAIT 기록을 남깁니다. 다시 쓰는 연결은 키운 윈도를 쓰지만, 재전송 타임아웃보다 오래 쉬면 TCP가 윈도를 줄입니다(RFC 5681 §4.1). 리눅스는 net.ipv4.tcp_slow_start_after_idle이 0이 아니면 그렇게 하며, 여기서는 {value}입니다.",
  "note.slowStartOff":
    "실제 네트워크에서는 차이가 더 큽니다. 새 TCP 연결은 작은 혼잡 윈도로 시작하고(느린 시작), 닫힌 연결마다 먼저 닫은 쪽에 TIME_WAIT 기록이 남습니다. 다시 쓰는 연결은 핸드셰이크를 건너뛰고 키워 둔 윈도를 그대로 씁니다. 오래 쉰 연결의 윈도는 줄일 수 있고(RFC 5681 §4.1) 리눅스도 기본으로 그렇게 하지만, 이 컴퓨터의 net.ipv4.tcp_slow_start_after_idle 값은 {value}(이)라서 윈도를 그대로 둡니다.",
  "note.slowStartUnknown":
    "실제 네트워크에서는 차이가 더 큽니다. 새 TCP 연결은 작은 혼잡 윈도로 시작하고(느린 시작), 닫힌 연결마다 먼저 닫은 쪽에 TIME_WAIT 기록이 남습니다. 다시 쓰는 연결은 핸드셰이크를 건너뛰고, 계속 바쁜 동안에는 키워 둔 윈도를 그대로 씁니다. 재전송 타임아웃보다 오래 쉬면 TCP는 윈도를 다시 줄이며(RFC 5681 §4.1), 리눅스도 기본으로 그렇게 합니다(net.ipv4.tcp_slow_start_after_idle = 1). 이번 실행에서는 그 설정을 읽지 못했습니다({reason}).",
  "note.noLength":
    "이 응답에는 Content-Length도 chunked 코딩도 없어서, 클라이언트는 서버가 닫을 때에야 본문이 어디서 끝나는지 알 수 있었습니다. recv()가 0 B를 돌려줄 때까지 읽었습니다(본문 {bytes} B). 연결 {conn}은(는) 본문과 함께 끝났습니다.",
  "note.noLengthFramed":
    "이 서버는 응답의 길이를 밝혔으므로({framing}) 연결 {conn}을(를) 계속 쓸 수 있습니다. 반대 경우를 보여 주기 위해 레슨 자체의 서버는 /no-length에 길이 없이 답합니다.",
  "note.noLengthReconnect":
    "그래서 연결 {conn1}은(는) 다음 요청을 나를 수 없었고, 다음 요청은 다시 연결했습니다({conn2}). 연결을 다시 쓸 수 있게 하는 것은 메시지 길이 표시(Content-Length나 chunked 코딩)입니다. 그것이 없으면 본문의 끝과 연결의 끝이 같은 것이 됩니다.",
  "note.noLengthReused":
    "다음 요청은 연결 {conn2}을(를) 다시 썼습니다. 길이를 밝힌 응답이라 연결이 열려 있었습니다.",
  "note.idleSetup":
    "{server}의 세 번째 서버는 요청 없이 {seconds}초가 지나면 연결을 닫습니다. 오래 기다리지 않도록 짧게 잡은 타임아웃입니다(Apache는 5초, nginx는 75초).",
  "note.idleWait":
    "응답에 Keep-Alive: {keepAlive}이(가) 있습니다. 이제 클라이언트는 연결 {conn}에 아무것도 보내지 않고 최대 {seconds}초 동안 지켜보기만(recv) 합니다.",
  "note.idleWaitUnsaid":
    "응답에 유휴 타임아웃이 없습니다. 이제 클라이언트는 연결 {conn}에 아무것도 보내지 않고 최대 {seconds}초 동안 지켜보기만(recv) 합니다.",
  "note.idleClosed":
    "{waited} ms 동안 조용하자 서버가 연결 {conn}을(를) 닫았습니다. 클라이언트의 recv()가 0 B를 돌려주었습니다(FIN). 쉬고 있는 연결도 서버의 메모리와 디스크립터를 차지하므로, 서버는 영원히 붙잡아 두지 않습니다.",
  "note.idleNoClose":
    "클라이언트가 기다린 {waited} ms 내내 서버는 연결 {conn}을(를) 열어 두었습니다. 클라이언트가 직접 닫습니다.",
  "note.idleReconnect":
    "다음 요청은 연결 {conn1}이(가) 닫힌 것을 보고 다시 연결했습니다({conn2}). 핸드셰이크가 한 번 더 듭니다. 서버가 닫는 바로 그 순간에 요청을 보냈다면 그 경쟁에서 요청을 잃었을 것입니다. 그래서 클라이언트는 다시 쓴 연결이 발밑에서 닫히면 멱등성 있는 요청(GET)을 한 번 더 보냅니다.",
  "note.idleReused": "다음 요청은 연결 {conn1}이(가) 아직 열려 있어 다시 썼습니다.",
  "note.hopServer":
    "연결 {conn}의 Connection 헤더가 {named}을(를) 가리킵니다. 이 필드들은 이 한 홉에만 해당합니다. 요청을 넘겨주는 프록시는 {removed}을(를) 지우고 {forwarded}만 전달해야 합니다.",
  "note.hopClient":
    "요청의 Connection 헤더가 {named}을(를) 가리킵니다. 중간의 프록시는 {removed}을(를) 지우고 {forwarded}만 전달해야 합니다.",
  "note.hopWhy":
    "홉별 필드는 메시지가 아니라 이웃 사이의 연결 하나를 설명합니다. Connection, 거기 적힌 필드, 그리고 언제나 Keep-Alive, Proxy-Connection, TE, Transfer-Encoding, Upgrade입니다. 프록시는 이것들을 지우고 넘기며, Cache-Control처럼 모든 수신자를 위한 필드를 Connection에 적으면 안 됩니다(RFC 9110 §7.6.1). Connection: Keep-Alive를 그대로 넘긴 '멍청한 프록시' 때문에 서버는 프록시가 닫으려던 연결을 유지했고 클라이언트는 멈췄습니다. HTTP/2와 HTTP/3은 이 필드들을 금지합니다.",
  "note.serveHint":
    "curl로 해 보세요. HTTP/1.1은 연결 하나를 다시 씁니다: curl -v {url}/a {url}/b ('Re-using existing connection'을 찾아보세요). HTTP/1.0은 두 번 연결합니다: curl -v --http1.0 {url}/a {url}/b. 한도가 있는 Keep-Alive: curl -v --http1.0 -H 'Connection: Keep-Alive' {url}/a {url}/b {url}/c {url}/d (timeout={timeout}, max={max}). {url}/no-length는 Content-Length 없이 답합니다.",
  "note.serveNoRtt":
    "--serve 모드에는 에뮬레이터가 없습니다. 클라이언트와 이 서버 사이의 네트워크는 실제 네트워크입니다.",
} satisfies Record<Key, string>;

export const text = { en, ko };
