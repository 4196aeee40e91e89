/** Every sentence pipelining says. Facts in {braces} come from this run's events. */
const en = {
  "step.setup": "A server with a slow page, and a network with a round-trip time",
  "step.serial": "Serial: one request at a time on one connection",
  "step.pipelined": "Pipelined: every request written before any answer",
  "step.parallel": "Parallel connections sharing one queue",
  "step.compare": "Serial, pipelined and parallel on one time scale",
  "step.post": "A POST waits, and nothing follows it until it is answered",
  "step.server-closes": "The server closes in the middle of a pipeline",
  "step.why": "Why browsers gave pipelining up, and what HTTP/2 changed",

  "label.serial": "serial, 1 connection",
  "label.pipelined": "pipelined, 1 connection",
  "label.parallel": "parallel, {k} connections",
  "label.post": "pipelined with a POST",
  "label.closes": "pipelined, server closes early",

  "note.setup":
    "The server listens on {server}. The client fetches the same {n} resources three ways: {list}. /slow makes the server work {slow} ms before it answers; every other path is answered at once with a short text naming it.",
  "note.connectTarget":
    "The client fetches {n} resources from {server} three ways: {list}. The lesson's own server makes /slow take {slow} ms; another server answers as it likes.",
  "note.rtt":
    "The emulator adds a round-trip time of {rtt} ms (--rtt; {default} ms when not given): a new connection costs one RTT of handshake, and each request with its answer one RTT more.",
  "note.noRtt":
    "--rtt 0: no emulator. The times below are the real network's, and the model, which counts round trips, has little to predict.",
  "note.serialResult":
    "{n} answers on {connects} connection, each request sent only after the answer before it: a round trip per request. Measured {measured} ms; model RTT + N × RTT + the server's time = {model}.",
  "note.persistentKnown":
    "The answers came as {version} and the connection stayed open ({rule}). The client needs to know that before it pipelines: pipelining works only on a persistent connection. On one that closes after each answer, every request behind the first would be lost.",
  "note.pipelineRule":
    "Now the client writes all the requests on one connection, back to back, before it reads a single answer.",
  "note.inOrder":
    "The answers came back on connection {conn} in the order the requests went out: {order}. Nothing else in HTTP/1.1 says which answer belongs to which request; the order is the only way to match them.",
  "note.holRow": "{request} ready at +{ready} ms, sent at +{sent} ms (held {waited} ms)",
  "note.hol":
    "Head-of-line blocking: {rows}. The quick answers were ready almost at once, but each had to wait until /slow ({slow} ms) before it had gone out. Times count from the requests' arrival at the server.",
  "note.holClient":
    "When the answers reached the client: {rows}. If the first one is slow on the server, every answer behind it arrives late with it: head-of-line blocking.",
  "note.pipelinedResult":
    "{n} answers on {connects} connection in a single round trip, plus the slowest request's time. Measured {measured} ms; model 2 RTT + the slowest = {model}.",
  "note.readyHeld":
    "The answer to {request} is ready, but {count} {count|answer|answers} before it {count|is|are} not ({behind} first): it waits its turn.",
  "note.splitLimit":
    "Limit: {max} requests per connection. Only the client can resend the other {rest}.",
  "note.splitClose":
    "Of the {whole} requests in that one recv(), the server took only {taken}: the last one it took ends the connection (Connection: close, or HTTP/1.0 without keep-alive), so it read no further. {rest} more get no answer on this connection.",
  "note.parallelIntro":
    "Now {k} connections, opened at once, share one queue of requests, as browsers do: whichever connection is free takes the next request.",
  "note.parallelResult":
    "{connects} connections, so {connects} handshakes. The quick requests ({quick}) did not wait for /slow: it held up only its own connection. Measured {measured} ms; model {model}.",
  "note.timeline":
    "The three strategies on one time scale: a lane per connection, a row per request. ~ marks an answer that was ready but waited for the one before it.",
  "note.compare":
    "Serial took {serial} ms, pipelined {pipelined} ms, {k} parallel connections {parallel} ms.",
  "note.tradeoff":
    "Pipelining saves the round trips but keeps the order, so one slow answer delays every answer behind it. Parallel connections avoid that, at the price of a handshake and a connection on the server each; that is why browsers cap them, today at 6 per host, and servers limit them. The lecture's two persistent connections per server is RFC 2616's old ceiling (§8.1.4: a single-user client SHOULD NOT keep more than 2); RFC 9112 §9.4 dropped the number as impractical and only asks clients to be conservative.",
  "note.postIntro":
    "Next the client has GET, POST, GET, GET to send. A POST is not idempotent: sent twice, it could order twice. Two rules speak of it. RFC 2616 §8.1.2.2 (1999) said a client should not pipeline a non-idempotent request and should wait for the answer before it; RFC 9112 §9.3.2, today's rule, is narrower: it only says not to pipeline anything after a non-idempotent request until its final answer is in. This client keeps both: the POST waits for every answer before it (the old rule), and nothing follows it until its own answer (the current one).",
  "note.postResult":
    "The first answer came at +{firstAnswer} ms; only then did the POST leave (+{postSent} ms). Its answer came at +{postAnswer} ms, and only then did the next GETs go (+{nextSent} ms), pipelined together again. {rounds} round trips after the handshake; model {model}.",
  "note.postTimeline": "The same on the timeline: each row starts only where the POST lets it.",
  "note.closesSetup": "A server on {server} answers {max} requests per connection, then closes.",
  "note.closesConnect":
    "Against another server this step shows whether it closes mid-pipeline. Most servers allow many requests per connection (nginx: keepalive_requests 1000), so usually nothing needs resending.",
  "note.closesResult":
    "Only the unanswered went again: {connects} {connects|connection|connections} ({split}), all in order.",
  "note.closesNone":
    "The server answered all {n} requests on one connection; nothing had to be sent again.",
  "note.closesRule": "Idempotent GETs are safe to resend; non-idempotent requests never are.",
  "note.whyGaveUp":
    "Why browsers gave pipelining up: one slow answer blocks every answer behind it; many servers and proxies mishandled pipelined requests (dropped them, or answered out of order); a connection that dies mid-pipeline leaves the client guessing what to resend; and a POST cannot join in. Most browsers shipped it switched off (Opera was the exception and pipelined by default); Firefox and Chrome later removed it, and browsers opened several parallel connections instead.",
  "note.h2":
    "HTTP/2 multiplexes instead: every request and answer is cut into frames tagged with a stream number, so many exchanges share one connection, interleaved, and each answer goes out as soon as it is ready, in any order: no head-of-line blocking at the HTTP level. TCP still delivers bytes in order, so one lost packet stalls every stream; HTTP/3 runs over QUIC to remove that as well.",
  "note.serveHint":
    "Pipeline into it with nc: printf 'GET /slow?ms=1000 HTTP/1.1\\r\\nHost: x\\r\\n\\r\\nGET /a HTTP/1.1\\r\\nHost: x\\r\\n\\r\\nGET /b HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n' | nc {host} {port}. The answers come back in order, /a and /b only after /slow. Or run the lesson's client against it: sockstep pipelining --connect {url}/",
  "note.serveNoRtt":
    "In --serve mode there is no emulator: the network between the client and this server is the real one.",
} as const;

type Key = keyof typeof en;

const ko = {
  "step.setup": "느린 페이지가 있는 서버, 그리고 왕복 시간이 있는 네트워크",
  "step.serial": "직렬: 연결 하나에서 한 번에 요청 하나",
  "step.pipelined": "파이프라인: 응답을 읽기 전에 요청을 모두 쓴다",
  "step.parallel": "요청 큐 하나를 나눠 쓰는 병렬 커넥션",
  "step.compare": "직렬, 파이프라인, 병렬을 같은 시간 축에",
  "step.post": "POST는 기다리고, 답을 받을 때까지 뒤따르는 요청도 없다",
  "step.server-closes": "파이프라인 도중에 서버가 연결을 닫는다",
  "step.why": "브라우저가 파이프라이닝을 포기한 이유, 그리고 HTTP/2가 바꾼 것",

  "label.serial": "직렬, 연결 1개",
  "label.pipelined": "파이프라인, 연결 1개",
  "label.parallel": "병렬, 연결 {k}개",
  "label.post": "POST가 낀 파이프라인",
  "label.closes": "파이프라인, 서버가 일찍 닫음",

  "note.setup":
    "서버는 {server}에서 리슨합니다. 클라이언트는 같은 자원 {n}개를 세 가지 방식으로 가져옵니다: {list}. /slow는 서버가 {slow} ms 동안 일한 뒤에 답하고, 다른 경로는 그 경로 이름을 담은 짧은 텍스트로 바로 답합니다.",
  "note.connectTarget":
    "클라이언트는 {server}에서 자원 {n}개를 세 가지 방식으로 가져옵니다: {list}. 레슨 자체의 서버는 /slow에 {slow} ms가 걸리지만, 다른 서버는 제 방식대로 답합니다.",
  "note.rtt":
    "에뮬레이터가 왕복 시간 {rtt} ms를 더합니다(--rtt, 주지 않으면 {default} ms). 새 연결은 핸드셰이크에 RTT 한 번이 들고, 요청과 응답마다 RTT가 한 번씩 더 듭니다.",
  "note.noRtt":
    "--rtt 0: 에뮬레이터가 없습니다. 아래 시간은 실제 네트워크의 시간이고, 왕복 횟수를 세는 모델은 예측할 것이 거의 없습니다.",
  "note.serialResult":
    "연결 {connects}개에서 응답 {n}개. 요청마다 앞의 응답을 받은 뒤에야 보냈으니 요청마다 왕복 한 번입니다. 측정 {measured} ms, 모델 RTT + N × RTT + 서버 처리 시간 = {model}.",
  "note.persistentKnown":
    "응답은 {version}(으)로 왔고 연결은 열린 채였습니다({rule}). 파이프라이닝 전에 클라이언트가 알아야 할 것이 바로 이것입니다. 파이프라이닝은 지속 커넥션에서만 됩니다. 응답마다 닫히는 연결이라면 첫 요청 뒤의 요청은 모두 사라집니다.",
  "note.pipelineRule":
    "이제 클라이언트는 응답을 하나도 읽기 전에, 연결 하나에 요청을 모두 연달아 씁니다.",
  "note.inOrder":
    "응답은 연결 {conn}에서 요청을 보낸 순서대로 돌아왔습니다: {order}. HTTP/1.1에는 어느 응답이 어느 요청의 것인지 알려 주는 다른 표시가 없습니다. 순서만이 둘을 짝지어 줍니다.",
  "note.holRow": "{request}: +{ready} ms에 준비, +{sent} ms에 송신({waited} ms 대기)",
  "note.hol":
    "HOL 블로킹: {rows}. 빠른 응답들은 거의 바로 준비되었지만, 저마다 앞에 있는 /slow({slow} ms)가 나갈 때까지 기다려야 했습니다. 시간은 요청이 서버에 도착한 때부터 잽니다.",
  "note.holClient":
    "응답이 클라이언트에 도착한 때: {rows}. 첫 요청이 서버에서 느리면 그 뒤의 응답도 모두 함께 늦게 도착합니다. 이것이 HOL 블로킹입니다.",
  "note.pipelinedResult":
    "연결 {connects}개에서 응답 {n}개가 왕복 한 번에, 가장 느린 요청의 처리 시간을 더해 왔습니다. 측정 {measured} ms, 모델 2 RTT + 가장 느린 처리 시간 = {model}.",
  "note.readyHeld":
    "{request}의 응답은 준비되었지만 앞의 응답 {count}개({behind}부터)가 아직이라 차례를 기다립니다.",
  "note.splitLimit":
    "한도는 연결당 {max}개입니다. 나머지 {rest}개는 클라이언트만 다시 보낼 수 있습니다.",
  "note.splitClose":
    "그 recv() 한 번에 들어온 요청 {whole}개 가운데 서버는 {taken}개만 가져갔습니다. 마지막으로 가져간 요청이 연결을 끝내므로(Connection: close, 또는 keep-alive 없는 HTTP/1.0) 더 읽지 않았습니다. 나머지 {rest}개는 이 연결에서 답을 받지 못합니다.",
  "note.parallelIntro":
    "이제 한꺼번에 연 연결 {k}개가 요청 큐 하나를 나눠 씁니다. 브라우저처럼, 비어 있는 연결이 다음 요청을 가져갑니다.",
  "note.parallelResult":
    "연결 {connects}개이니 핸드셰이크도 {connects}번입니다. 빠른 요청들({quick})은 /slow를 기다리지 않았습니다. /slow는 자기 연결만 붙잡았습니다. 측정 {measured} ms, 모델 {model}.",
  "note.timeline":
    "세 방식을 같은 시간 축에 놓았습니다. 연결마다 한 레인, 요청마다 한 줄입니다. ~는 준비된 응답이 앞의 응답을 기다린 시간입니다.",
  "note.compare":
    "직렬은 {serial} ms, 파이프라인은 {pipelined} ms, 병렬 커넥션 {k}개는 {parallel} ms 걸렸습니다.",
  "note.tradeoff":
    "파이프라이닝은 왕복을 아끼지만 순서를 지켜야 하므로, 느린 응답 하나가 그 뒤의 응답을 모두 늦춥니다. 병렬 커넥션은 그 문제가 없는 대신 연결마다 핸드셰이크와 서버 쪽 연결 하나를 치릅니다. 그래서 브라우저는 병렬 커넥션 수를 제한하고(오늘날 호스트당 6개) 서버도 제한합니다. 강의에 나오는 '서버당 지속 커넥션 2개'는 RFC 2616의 옛 상한입니다(§8.1.4: 사용자 한 명의 클라이언트는 2개보다 많이 유지하지 않아야 한다(SHOULD NOT)). RFC 9112 §9.4는 이 숫자가 현실에 맞지 않는다며 없애고, 클라이언트가 연결을 아껴 열기를 권할 뿐입니다.",
  "note.postIntro":
    "다음에 클라이언트가 보낼 것은 GET, POST, GET, GET입니다. POST는 멱등성이 없습니다. 두 번 보내면 주문도 두 번 될 수 있습니다. 이에 관한 규칙은 둘입니다. RFC 2616 §8.1.2.2(1999년)는 멱등성 없는 요청을 파이프라인에 넣지 말고 앞의 응답을 기다린 뒤에 보내라고 했습니다. 지금의 규칙인 RFC 9112 §9.3.2는 더 좁아서, 멱등성 없는 요청의 최종 응답이 오기 전에는 그 뒤에 아무것도 파이프라인으로 보내지 말라고만 합니다. 이 클라이언트는 둘 다 지킵니다. POST는 앞의 응답이 모두 온 뒤에 나가고(옛 규칙), 자기 응답이 올 때까지 뒤의 요청도 보내지 않습니다(지금의 규칙).",
  "note.postResult":
    "첫 응답이 +{firstAnswer} ms에 왔고, 그제야 POST가 나갔습니다(+{postSent} ms). POST의 응답이 +{postAnswer} ms에 온 뒤에야 다음 GET들이 다시 파이프라인으로 함께 나갔습니다(+{nextSent} ms). 핸드셰이크 뒤 왕복 {rounds}번, 모델 {model}.",
  "note.postTimeline": "타임라인에서도 같습니다. 줄마다 POST가 허락하는 곳에서야 시작합니다.",
  "note.closesSetup": "{server}의 서버는 연결마다 요청을 {max}개까지만 답하고 닫습니다.",
  "note.closesConnect":
    "다른 서버를 상대로는, 이 단계에서 그 서버가 파이프라인 도중에 닫는지 볼 수 있습니다. 대부분의 서버는 연결 하나에 요청을 많이 허용하므로(nginx는 keepalive_requests 1000) 보통은 다시 보낼 것이 없습니다.",
  "note.closesResult":
    "답을 못 받은 요청만 다시 갔습니다: 연결 {connects}개({split}), 응답은 모두 순서대로.",
  "note.closesNone": "서버가 요청 {n}개에 모두 연결 하나로 답했습니다. 다시 보낼 것이 없었습니다.",
  "note.closesRule": "GET은 멱등성이 있어 다시 보내도 되지만, 멱등성 없는 요청은 안 됩니다.",
  "note.whyGaveUp":
    "브라우저가 파이프라이닝을 포기한 이유: 느린 응답 하나가 그 뒤의 응답을 모두 막고, 파이프라인 요청을 잘못 다루는(버리거나 순서를 바꿔 답하는) 서버와 프록시가 많았으며, 파이프라인 도중에 연결이 끊기면 무엇을 다시 보낼지 클라이언트가 짐작해야 하고, POST는 끼지도 못합니다. 대부분의 브라우저는 이 기능을 꺼 둔 채 내놓았고(Opera만은 예외로 기본으로 파이프라이닝을 했습니다), Firefox와 Chrome은 나중에 아예 없앴습니다. 브라우저는 대신 병렬 커넥션 여러 개를 열었습니다.",
  "note.h2":
    "HTTP/2는 대신 다중화합니다. 요청과 응답을 스트림 번호가 붙은 프레임으로 잘라서, 여러 교환이 연결 하나를 섞어 쓰고, 응답은 준비되는 대로 어떤 순서로든 나갑니다. HTTP 수준의 HOL 블로킹이 없습니다. 하지만 TCP는 여전히 바이트를 순서대로 전달하므로 패킷 하나를 잃으면 모든 스트림이 멈춥니다. HTTP/3은 QUIC 위에서 동작해 그 문제까지 없앱니다.",
  "note.serveHint":
    "nc로 파이프라인 요청을 보내 보세요: printf 'GET /slow?ms=1000 HTTP/1.1\\r\\nHost: x\\r\\n\\r\\nGET /a HTTP/1.1\\r\\nHost: x\\r\\n\\r\\nGET /b HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n' | nc {host} {port}. 응답은 순서대로, /a와 /b는 /slow 뒤에야 돌아옵니다. 또는 레슨의 클라이언트로: sockstep pipelining --connect {url}/",
  "note.serveNoRtt":
    "--serve 모드에는 에뮬레이터가 없습니다. 클라이언트와 이 서버 사이의 네트워크는 실제 네트워크입니다.",
} satisfies Record<Key, string>;

export const text = { en, ko };
