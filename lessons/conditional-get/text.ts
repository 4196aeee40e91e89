/** Every sentence conditional-get says. Facts in {braces} come from this run's events. */
const en = {
  "step.page": "The server has a page with two validators",
  "step.first-get": "First GET: 200 with the whole page; the client keeps a copy",
  "step.revalidate": "Asking again with the validators: 304, no body",
  "step.changed": "The page changes: the same question gets 200 and a new ETag",
  "step.same-second": "Two edits within one second",
  "step.dates-vs-etag": "The date is fooled, the ETag is not",
  "step.inm-wins": "Both validators sent: If-None-Match decides",
  "step.fresh": "While the copy is fresh, nothing is sent at all",
  "step.stale": "After max-age the copy is stale: revalidate",
  "step.head": "HEAD: the same header fields, no body",
  "step.summary": "What the cache saved",

  "lifetime.max-age": "Cache-Control: max-age",
  "lifetime.expires": "Expires minus Date",
  "lifetime.heuristic": "a guess: 10 % of the time since Last-Modified",
  "lifetime.no-cache": "Cache-Control: no-cache, check every time",
  "lifetime.none": "no freshness information",

  "wait.stale": "the copy is fresh for {seconds} s more; nothing to do until it is stale",
  "wait.second": "waiting for the clock's next second",

  "client.entry":
    "Cache entry {url}: body {bytes} B · ETag {etag} · Last-Modified {lm} · fresh for {lifetime} s ({source}) · age on arrival {arrivalAge} s (Date has whole seconds) · fresh until {until} UTC, {left} s from now",
  "client.fromCache":
    "The copy is {age} s old and its freshness lifetime is {lifetime} s ({source}): still fresh. The page ({bytes} B) comes straight from the cache.",
  "client.reload":
    "The copy is {age} s old and still fresh ({lifetime} s, {source}), but this is a reload: the client asks the server anyway, with the copy's validators.",
  "client.stale":
    "The copy is {age} s old and its freshness lifetime is {lifetime} s ({source}): stale. Before using it, the client asks the server, with the copy's validators.",
  "client.noValidators":
    "The stored copy has neither ETag nor Last-Modified: the client cannot ask conditionally and must download it all again.",
  "client.304Mismatch":
    "A 304 came back with ETag {etag}, which is not the stored copy's: the client cannot tell which copy the server meant and does not use it.",
  "client.notModified":
    "304: the stored copy is still right. The client shows its own {bytes} B and takes the 304's header fields into the stored copy (RFC 9111 §4.3.4).",
  "client.replaced":
    "200: a new version. The client replaces its copy: ETag {before} → {after}, {bytes} B.",
  "client.noValidatorsStored":
    "This response has neither ETag nor Last-Modified: the copy can be used while fresh, but never revalidated.",
  "client.notStored":
    "The response ({status}) is not stored: this cache keeps only a 200 to GET without no-store.",
  "client.probeInm":
    "An experiment, not a page load: only If-None-Match: {value}. The answer will not be stored.",
  "client.probeIms":
    "An experiment, not a page load: only If-Modified-Since: {value}, as a client that knew no ETags would send. The answer will not be stored.",

  "server.edited":
    "The page was edited: version {version}, {bytes} B. ETag {etagBefore} → {etagAfter}; Last-Modified {lmBefore} → {lmAfter}.",
  "server.editedSameSecond":
    "The page was edited within the same second: version {version}, {bytes} B. ETag {etagBefore} → {etagAfter}, but Last-Modified stays {lmAfter}: it cannot say anything finer than a second.",
  "server.unconditional": "No validators in the request: 200 with the whole page, {bytes} B.",
  "server.inm-match":
    "If-None-Match {inm} matches the current ETag {etag} (weak comparison) → 304 Not Modified, no body.",
  "server.inm-star": "If-None-Match: * and the page exists → 304 Not Modified.",
  "server.inm-no-match":
    "If-None-Match {inm} does not match the current ETag {etag} → 200 with the page, {bytes} B.",
  "server.ims-ignored-inm":
    "If-None-Match {inm} does not match the current ETag {etag} → 200. If-Modified-Since ({ims}) is not even looked at: when If-None-Match is present, it decides (RFC 9110 §13.2.2).",
  "server.ims-not-modified":
    "No If-None-Match, so If-Modified-Since decides: Last-Modified {lm} is not later than {ims} → 304 Not Modified.",
  "server.ims-modified":
    "No If-None-Match, so If-Modified-Since decides: Last-Modified {lm} is later than {ims} → 200 with the page.",
  "server.ims-invalid":
    "If-Modified-Since {ims} is not one valid HTTP date, so it is ignored (RFC 9110 §13.1.3) → 200 with the page.",
  "server.head":
    "HEAD → 200 with the header fields a GET would get, Content-Length {bytes} included, and no body: a response to HEAD never carries content, whatever its Content-Length says (RFC 9110 §9.3.2).",

  "note.page":
    "The server listens at {url}. Its page is {bytes} B. ETag {etag} is a hash of those bytes; Last-Modified {lm} is when it last changed, in whole seconds; Cache-Control: max-age={maxAge} lets a cache use a copy for {maxAge} s without asking.",
  "note.firstGet":
    "The client had no copy, so it sent a plain GET and got all {bytes} B. ETag and Last-Modified are the validators: the client keeps them with the copy, to ask later whether it changed.",
  "note.saved":
    "The 304 carried no body: the page's {bytes} B were not sent again. The client received {wire200} B for the 200 and {wire304} B for this 304: {saved} B less on the wire.",
  "note.304Headers":
    "This 304 carried {fields}, so the client can update its stored copy (RFC 9110 §15.4.5), and no body. It needs no Content-Length to end: a 304 always ends at the empty line after its header fields, whatever those fields say (RFC 9112 §6.3). A server may still send one, with the length a 200 would have had (RFC 9110 §8.6); this one did not.",
  "note.304HeadersLength":
    "This 304 carried {fields}, so the client can update its stored copy (RFC 9110 §15.4.5), and no body. Its Content-Length: {length} is the length a 200 would have had (RFC 9110 §8.6), not a body to read: a 304 always ends at the empty line after its header fields, whatever those fields say (RFC 9112 §6.3).",
  "note.slidesConditional":
    "The slides call a GET with If-Modified-Since a conditional GET. RFC 9110 counts any precondition field: If-None-Match with the ETag is the stronger one, and a client that has both validators sends both.",
  "note.changed":
    "The old ETag no longer matches, so the same kind of request that saved the whole body a moment ago now brings the new version: 200, {bytes} B, ETag {before} → {after}. The client never has to guess.",
  "note.waitSecond":
    "(The lesson waited {ms} ms for the clock to reach a new second, so that this edit gets a new Last-Modified.)",
  "note.alignSecond":
    "(The lesson waited {ms} ms for a new second to begin, so that the two edits below fall within one second.)",
  "note.sameSecond":
    "The client's copy is version {copyVersion}: Last-Modified {lm}, ETag {copyEtag}. The page is now version {version}: the same Last-Modified, ETag {etag}. The two edits were {gap} ms apart ({editedA} and {editedB} UTC).",
  "note.imsOnly":
    "{status}: the server says the copy is current, yet the client holds version {copyVersion} and the page is version {version}. A change within the same second as Last-Modified is invisible to If-Modified-Since: this client would keep showing a stale page.",
  "note.inmOnly":
    "{status} with ETag {etag}: the tag is computed from the bytes, so any change, even a millisecond later, gives a new one. This is why ETag exists.",
  "note.lmWeak":
    "RFC 9110 §8.8.2.2 says the same: Last-Modified is only a weak validator when the page may change twice within a second. A site served by several machines has one more reason to prefer ETags: their clocks disagree.",
  "note.inmWins":
    "The client's own conditional GET carried both: If-Modified-Since matched (alone, it got a 304 above), If-None-Match did not. The answer is {status}: If-None-Match decides and If-Modified-Since is ignored (RFC 9110 §13.2.2). The copy is now version {version}.",
  "note.fresh":
    "Client socket calls for this page load: {calls}. No connect, no send: age {age} s < max-age {maxAge} s, so the copy is used without asking. This is where a cache saves the most: not even a round trip.",
  "note.pausedStale":
    "The pause before this step took longer than max-age: the copy is {age} s old, stale. The client revalidates it first, then opens the page again at once.",
  "note.maxAgeZero":
    "With max-age=0 a copy is stale the moment it arrives: every load is a conditional GET, and this step has nothing to skip.",
  "note.slidesCache":
    "The slides say cached copies have to be deleted by hand. In HTTP a cache decides by itself: each copy has a freshness lifetime (here max-age={maxAge}), a stale copy is revalidated rather than thrown away, and a cache may drop any copy when it needs room (RFC 9111).",
  "note.waitStale":
    "The copy stays fresh for {seconds} s more. The client has nothing to do until then: nothing crosses the wire while it waits.",
  "note.stale":
    "Stale after {maxAge} s: the client asked again with its validators and got {status}. The 304's Date and Cache-Control make the copy fresh again, for max-age from now.",
  "note.head":
    "HEAD brought ETag {etag} (the copy's: {same}) and Content-Length {length} (the copy has {bytes} B), and a body of {body} B. HEAD asks about a page without downloading it.",
  "note.summary":
    "Requests the client sent: {requests} (for page loads: {asked}; experiments with a single validator: {probes}; HEAD: {heads}). Page loads: {loads}, of which {fromCache} sent nothing, the copy being fresh. Whole pages received: {full} ({fullBytes} B of body). 304s: {notModified}, each a body not sent ({savedBytes} B in all).",
  "note.summaryWrong":
    "Requests the client sent: {requests} (for page loads: {asked}; experiments with a single validator: {probes}; HEAD: {heads}). Page loads: {loads}, of which {fromCache} sent nothing, the copy being fresh. Whole pages received: {full} ({fullBytes} B of body). 304s: {notModified}, each a body not sent ({savedBytes} B in all); {wrong} of them, to the experiment with If-Modified-Since alone, confirmed a copy that was no longer current.",
  "word.yes": "yes",
  "word.no": "no",
  "measure.saved": "body bytes not sent thanks to this 304",
  "measure.savedTotal": "body bytes not sent because of 304s in this lesson",

  "note.serveHint":
    "Open {url}/ in a browser (the button on the page edits it), or try: curl -i {url}/ · curl -i -H 'If-None-Match: {etag}' {url}/ · curl -i -H 'If-Modified-Since: {lm}' {url}/ · curl -I {url}/ · curl -d '' {url}/edit. Cache-Control: max-age={maxAge}.",
  "note.connectTarget":
    "The client loads {url} as a browser would: a plain GET, then a reload with the validators it was given, then HEAD, then once more while the copy may still be fresh.",
  "note.connectRevalidated":
    "304: the server confirmed the copy; {bytes} B of body were not sent again.",
  "note.connectChanged":
    "The server sent the whole page again ({status}): it changed in between, or this server ignores If-None-Match and If-Modified-Since.",
  "note.connectNoValidators":
    "The server gave no ETag and no Last-Modified: there is nothing to ask conditionally with.",
  "note.connectNoLifetime":
    "Freshness lifetime {lifetime} s ({source}): the copy is stale already, so each load would be a conditional GET.",

  "fail.notOk":
    "{url} answered {status} to the first GET; a conditional GET needs a 200 to start from",
  "fail.notHttp": "{url} did not answer with HTTP: {detail}",
  "fail.closed": "{url} closed the connection without answering",
  "fail.unexpected": "expected {expected}, but the server answered {status}",
  "fail.crossedSecond":
    "the two edits fell in different seconds ({gap} ms apart): the machine is too busy for this step; run the lesson again",

  "page.html": `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Notice board · sockstep conditional-get</title>
</head>
<body>
<h1>Course notice board</h1>
<p><strong>Version {version}</strong>, edited {edited}.</p>
<p>This page has two validators. Its ETag is a hash of these very bytes, so every edit changes it. Its Last-Modified is the edit time in whole seconds, so two edits within one second share it.</p>
<p>Open the developer tools and reload: the second request carries If-None-Match and If-Modified-Since, and the answer is 304 Not Modified, without a body.</p>
<ul>
<li>Lab: conditional GET. Bring a laptop with curl.</li>
<li>Reading: RFC 9110 §13 (conditional requests) and RFC 9111 §4 (freshness).</li>
<li>Question for the lab: why is a 304 smaller than a 200, and by how much?</li>
</ul>
<form method="post" action="/edit"><button type="submit">Edit this page (POST /edit)</button></form>
</body>
</html>
`,
} as const;

type Key = keyof typeof en;

const ko = {
  "step.page": "서버에 검증자 두 개를 가진 페이지가 있다",
  "step.first-get": "첫 GET: 페이지 전체와 함께 200, 클라이언트는 사본을 보관한다",
  "step.revalidate": "검증자를 들고 다시 묻기: 본문 없는 304",
  "step.changed": "페이지가 바뀌면 같은 질문에 200과 새 ETag가 온다",
  "step.same-second": "1초 안에 두 번 수정하기",
  "step.dates-vs-etag": "날짜는 속지만 ETag는 속지 않는다",
  "step.inm-wins": "검증자를 둘 다 보내면 If-None-Match가 결정한다",
  "step.fresh": "사본이 신선한 동안에는 아무것도 보내지 않는다",
  "step.stale": "max-age가 지나면 사본이 오래되어 재검증한다",
  "step.head": "HEAD: 같은 헤더, 본문은 없음",
  "step.summary": "캐시가 아낀 것",

  "lifetime.max-age": "Cache-Control: max-age",
  "lifetime.expires": "Expires에서 Date를 뺀 값",
  "lifetime.heuristic": "추정값: Last-Modified 이후 지난 시간의 10 %",
  "lifetime.no-cache": "Cache-Control: no-cache, 매번 확인",
  "lifetime.none": "신선도 정보 없음",

  "wait.stale": "사본이 {seconds}초 더 신선함. 오래될 때까지 할 일이 없음",
  "wait.second": "시계가 다음 초로 넘어가기를 기다리는 중",

  "client.entry":
    "캐시 항목 {url}: 본문 {bytes} B · ETag {etag} · Last-Modified {lm} · {lifetime}초 동안 신선({source}) · 도착 시 나이 {arrivalAge}초(Date는 초 단위) · {until} UTC까지, 지금부터 {left}초 동안 신선",
  "client.fromCache":
    "사본의 나이는 {age}초이고 신선도 수명은 {lifetime}초({source})이므로 아직 신선합니다. 페이지({bytes} B)를 캐시에서 바로 꺼냅니다.",
  "client.reload":
    "사본의 나이는 {age}초로 아직 신선하지만({lifetime}초, {source}) 이번은 새로고침입니다. 클라이언트는 사본의 검증자를 들고 서버에 그래도 물어봅니다.",
  "client.stale":
    "사본의 나이는 {age}초이고 신선도 수명은 {lifetime}초({source})이므로 오래된(stale) 사본입니다. 쓰기 전에 사본의 검증자를 들고 서버에 물어봅니다.",
  "client.noValidators":
    "저장된 사본에 ETag도 Last-Modified도 없어서 조건부로 물을 수 없습니다. 전부 다시 내려받아야 합니다.",
  "client.304Mismatch":
    "304가 ETag {etag}와(과) 함께 왔는데 저장된 사본의 것이 아닙니다. 서버가 어느 사본을 말하는지 알 수 없으므로 쓰지 않습니다.",
  "client.notModified":
    "304: 저장된 사본이 여전히 맞습니다. 클라이언트는 자기가 가진 {bytes} B를 보여 주고, 304의 헤더 필드로 저장된 사본을 갱신합니다(RFC 9111 §4.3.4).",
  "client.replaced":
    "200: 새 버전입니다. 클라이언트가 사본을 바꿉니다: ETag {before} → {after}, {bytes} B.",
  "client.noValidatorsStored":
    "이 응답에는 ETag도 Last-Modified도 없습니다. 신선한 동안은 사본을 쓸 수 있지만 재검증은 할 수 없습니다.",
  "client.notStored":
    "응답({status})을 저장하지 않습니다. 이 캐시는 no-store가 없는, GET에 대한 200만 보관합니다.",
  "client.probeInm":
    "페이지를 여는 것이 아니라 실험입니다: If-None-Match: {value}만 보냅니다. 응답은 저장하지 않습니다.",
  "client.probeIms":
    "페이지를 여는 것이 아니라 실험입니다: ETag를 모르는 클라이언트처럼 If-Modified-Since: {value}만 보냅니다. 응답은 저장하지 않습니다.",

  "server.edited":
    "페이지가 수정되었습니다: 버전 {version}, {bytes} B. ETag {etagBefore} → {etagAfter}, Last-Modified {lmBefore} → {lmAfter}.",
  "server.editedSameSecond":
    "같은 1초 안에 페이지가 또 수정되었습니다: 버전 {version}, {bytes} B. ETag는 {etagBefore} → {etagAfter}(으)로 바뀌었지만 Last-Modified는 {lmAfter} 그대로입니다. 1초보다 잘게 나타낼 수 없기 때문입니다.",
  "server.unconditional": "요청에 검증자가 없습니다: 페이지 전체({bytes} B)와 함께 200.",
  "server.inm-match":
    "If-None-Match {inm}이(가) 현재 ETag {etag}와(과) 일치합니다(약한 비교) → 본문 없는 304 Not Modified.",
  "server.inm-star": "If-None-Match: *이고 페이지가 있습니다 → 304 Not Modified.",
  "server.inm-no-match":
    "If-None-Match {inm}이(가) 현재 ETag {etag}와(과) 다릅니다 → 페이지({bytes} B)와 함께 200.",
  "server.ims-ignored-inm":
    "If-None-Match {inm}이(가) 현재 ETag {etag}와(과) 다릅니다 → 200. If-Modified-Since({ims})는 보지도 않습니다. If-None-Match가 있으면 그것이 결정합니다(RFC 9110 §13.2.2).",
  "server.ims-not-modified":
    "If-None-Match가 없으니 If-Modified-Since가 결정합니다: Last-Modified {lm}이(가) {ims}보다 늦지 않음 → 304 Not Modified.",
  "server.ims-modified":
    "If-None-Match가 없으니 If-Modified-Since가 결정합니다: Last-Modified {lm}이(가) {ims}보다 늦음 → 페이지와 함께 200.",
  "server.ims-invalid":
    "If-Modified-Since {ims}은(는) 올바른 HTTP 날짜 하나가 아니므로 무시합니다(RFC 9110 §13.1.3) → 페이지와 함께 200.",
  "server.head":
    "HEAD → 200: GET이 받을 헤더 필드를 Content-Length {bytes}까지 똑같이 보내고, 본문은 보내지 않습니다. HEAD에 대한 응답에는 Content-Length가 무엇이라 하든 내용이 실리지 않습니다(RFC 9110 §9.3.2).",

  "note.page":
    "서버가 {url}에서 기다립니다. 페이지는 {bytes} B입니다. ETag(값 {etag})는 그 바이트들의 해시이고, Last-Modified(값 {lm})는 마지막으로 바뀐 시각을 초 단위로 적은 것이며, Cache-Control: max-age={maxAge} 헤더는 캐시가 {maxAge}초 동안 묻지 않고 사본을 써도 된다는 뜻입니다.",
  "note.firstGet":
    "클라이언트에 사본이 없으므로 평범한 GET을 보내 {bytes} B를 모두 받았습니다. ETag와 Last-Modified가 검증자입니다. 클라이언트는 이것을 사본과 함께 보관했다가, 나중에 바뀌었는지 물을 때 씁니다.",
  "note.saved":
    "304에는 본문이 없었습니다. 페이지의 {bytes} B를 다시 보내지 않은 것입니다. 클라이언트는 200 때 {wire200} B, 이번 304 때 {wire304} B를 받았습니다. 네트워크로 오간 바이트가 {saved} B 줄었습니다.",
  "note.304Headers":
    "이 304에는 클라이언트가 저장된 사본을 갱신할 수 있도록 {fields} 필드가 실려 있었고(RFC 9110 §15.4.5), 본문은 없었습니다. 끝을 알리는 데 Content-Length도 필요 없습니다. 304는 헤더 필드가 무엇이라 하든 헤더 뒤의 빈 줄에서 언제나 끝납니다(RFC 9112 §6.3). 그래도 서버는 200이었다면 가졌을 길이를 Content-Length로 보낼 수 있는데(RFC 9110 §8.6), 이 서버는 보내지 않았습니다.",
  "note.304HeadersLength":
    "이 304에는 클라이언트가 저장된 사본을 갱신할 수 있도록 {fields} 필드가 실려 있었고(RFC 9110 §15.4.5), 본문은 없었습니다. Content-Length: {length} 값은 200이었다면 가졌을 길이일 뿐(RFC 9110 §8.6) 읽어야 할 본문이 아닙니다. 304는 헤더 필드가 무엇이라 하든 헤더 뒤의 빈 줄에서 언제나 끝납니다(RFC 9112 §6.3).",
  "note.slidesConditional":
    "강의 자료는 If-Modified-Since가 붙은 GET을 조건부 GET이라고 합니다. RFC 9110은 어떤 조건 헤더든 조건부 요청으로 봅니다. ETag를 담은 If-None-Match가 더 강력하며, 검증자를 둘 다 가진 클라이언트는 둘 다 보냅니다.",
  "note.changed":
    "옛 ETag가 더 이상 일치하지 않으므로, 조금 전 본문 전체를 아껴 준 같은 종류의 요청이 이번에는 새 버전을 가져옵니다: 200, {bytes} B, ETag {before} → {after}. 클라이언트는 짐작할 필요가 없습니다.",
  "note.waitSecond":
    "(이번 수정이 새 Last-Modified를 받도록, 시계가 다음 초로 넘어갈 때까지 {ms} ms 기다렸습니다.)",
  "note.alignSecond":
    "(아래의 두 수정이 같은 1초 안에 들어가도록, 새 초가 시작될 때까지 {ms} ms 기다렸습니다.)",
  "note.sameSecond":
    "클라이언트의 사본은 버전 {copyVersion}입니다: Last-Modified {lm}, ETag {copyEtag}. 페이지는 이제 버전 {version}입니다: Last-Modified는 같고 ETag는 {etag}입니다. 두 수정의 간격은 {gap} ms였습니다({editedA}, {editedB} UTC).",
  "note.imsOnly":
    "{status}: 서버는 사본이 최신이라고 하지만, 클라이언트가 가진 것은 버전 {copyVersion}이고 페이지는 버전 {version}입니다. Last-Modified와 같은 1초 안에 일어난 변경은 If-Modified-Since로는 보이지 않습니다. 이 클라이언트는 오래된 페이지를 계속 보여 줄 것입니다.",
  "note.inmOnly":
    "ETag {etag}와(과) 함께 {status}: 태그를 바이트로부터 계산하므로, 1 ms 뒤의 변경이라도 새 태그가 나옵니다. 이것이 ETag가 있는 이유입니다.",
  "note.lmWeak":
    "RFC 9110 §8.8.2.2도 같은 말을 합니다. 1초 안에 두 번 바뀔 수 있는 페이지라면 Last-Modified는 약한 검증자일 뿐입니다. 여러 대의 서버가 함께 서비스하는 사이트라면 ETag를 쓸 이유가 하나 더 있습니다. 서버마다 시계가 조금씩 다릅니다.",
  "note.inmWins":
    "클라이언트가 평소대로 보낸 조건부 GET에는 둘 다 실려 있었습니다. If-Modified-Since는 일치했고(그것만 보냈을 때는 위에서 304를 받았습니다) If-None-Match는 일치하지 않았습니다. 응답은 {status}입니다. If-None-Match가 결정하고 If-Modified-Since는 무시됩니다(RFC 9110 §13.2.2). 이제 사본은 버전 {version}입니다.",
  "note.fresh":
    "이번 페이지 열기에서 클라이언트 소켓 호출: {calls}번. connect도 send도 없습니다. 나이 {age}초 < max-age {maxAge}초이므로 묻지 않고 사본을 씁니다. 캐시가 가장 많이 아끼는 경우입니다. 왕복 한 번조차 들지 않습니다.",
  "note.pausedStale":
    "이 단계 전에 멈춰 있던 시간이 max-age보다 길었습니다. 사본의 나이가 {age}초라 오래되었습니다. 클라이언트가 먼저 재검증하고, 곧바로 페이지를 다시 엽니다.",
  "note.maxAgeZero":
    "max-age=0이면 사본은 도착하는 순간 오래된 것이 됩니다. 여는 때마다 조건부 GET이 되므로 이 단계에서는 건너뛸 것이 없습니다.",
  "note.slidesCache":
    "강의 자료에는 캐시된 사본을 사용자가 직접 지워야 한다고 되어 있습니다. HTTP에서는 캐시가 스스로 판단합니다. 사본마다 신선도 수명이 있고(여기서는 max-age={maxAge}), 오래된 사본은 버리지 않고 재검증하며, 자리가 모자라면 캐시가 언제든 사본을 지울 수 있습니다(RFC 9111).",
  "note.waitStale":
    "사본은 {seconds}초 더 신선합니다. 그때까지 클라이언트는 할 일이 없고, 기다리는 동안 네트워크에는 아무것도 오가지 않습니다.",
  "note.stale":
    "{maxAge}초가 지나 오래된 사본이 되자, 클라이언트가 검증자를 들고 다시 물었고 {status}을(를) 받았습니다. 304의 Date와 Cache-Control 덕분에 사본은 지금부터 max-age 동안 다시 신선합니다.",
  "note.head":
    "HEAD로 받은 것: ETag {etag}(사본과 같음: {same}), Content-Length {length}(사본은 {bytes} B), 본문 {body} B. HEAD는 내려받지 않고 페이지에 대해 묻는 방법입니다.",
  "note.summary":
    "클라이언트가 보낸 요청: {requests}개(페이지 열기 {asked}개, 검증자 하나만 담은 실험 {probes}개, HEAD {heads}개). 페이지를 연 횟수: {loads}번, 그중 {fromCache}번은 사본이 신선해서 아무것도 보내지 않았습니다. 페이지 전체를 받은 횟수: {full}번(본문 {fullBytes} B). 304: {notModified}번, 매번 본문을 보내지 않았습니다(모두 {savedBytes} B).",
  "note.summaryWrong":
    "클라이언트가 보낸 요청: {requests}개(페이지 열기 {asked}개, 검증자 하나만 담은 실험 {probes}개, HEAD {heads}개). 페이지를 연 횟수: {loads}번, 그중 {fromCache}번은 사본이 신선해서 아무것도 보내지 않았습니다. 페이지 전체를 받은 횟수: {full}번(본문 {fullBytes} B). 304: {notModified}번, 매번 본문을 보내지 않았습니다(모두 {savedBytes} B). 그 가운데 {wrong}번은 If-Modified-Since만 보낸 실험에 대한 답으로, 이미 최신이 아닌 사본을 맞다고 확인해 주었습니다.",
  "word.yes": "예",
  "word.no": "아니요",
  "measure.saved": "이 304 덕분에 보내지 않은 본문 바이트",
  "measure.savedTotal": "이 레슨에서 304 때문에 보내지 않은 본문 바이트",

  "note.serveHint":
    "브라우저로 {url}/ 을 열어 보세요(페이지의 버튼으로 수정할 수 있습니다). 또는: curl -i {url}/ · curl -i -H 'If-None-Match: {etag}' {url}/ · curl -i -H 'If-Modified-Since: {lm}' {url}/ · curl -I {url}/ · curl -d '' {url}/edit. Cache-Control: max-age={maxAge}.",
  "note.connectTarget":
    "클라이언트가 브라우저처럼 {url}을(를) 엽니다. 먼저 평범한 GET, 이어서 받은 검증자를 든 새로고침, 그다음 HEAD, 마지막으로 사본이 아직 신선할 수 있을 때 한 번 더.",
  "note.connectRevalidated":
    "304: 서버가 사본을 확인해 주었습니다. 본문 {bytes} B를 다시 보내지 않았습니다.",
  "note.connectChanged":
    "서버가 페이지 전체를 다시 보냈습니다({status}). 그 사이에 바뀌었거나, 이 서버가 If-None-Match와 If-Modified-Since를 무시합니다.",
  "note.connectNoValidators":
    "서버가 ETag도 Last-Modified도 주지 않았습니다. 조건부로 물을 근거가 없습니다.",
  "note.connectNoLifetime":
    "신선도 수명 {lifetime}초({source}): 사본이 이미 오래되었으므로 여는 때마다 조건부 GET이 됩니다.",

  "fail.notOk":
    "{url}이(가) 첫 GET에 {status}(으)로 답했습니다. 조건부 GET은 200에서 시작해야 합니다.",
  "fail.notHttp": "{url}이(가) HTTP로 답하지 않았습니다: {detail}",
  "fail.closed": "{url}이(가) 답하지 않고 연결을 닫았습니다.",
  "fail.unexpected": "{expected}을(를) 기대했지만 서버가 {status}(으)로 답했습니다.",
  "fail.crossedSecond":
    "두 수정이 서로 다른 초에 일어났습니다({gap} ms 간격). 지금 이 컴퓨터가 너무 바빠서 이 단계를 보일 수 없습니다. 다시 실행해 주세요.",

  "page.html": `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<title>게시판 · sockstep conditional-get</title>
</head>
<body>
<h1>수업 게시판</h1>
<p><strong>버전 {version}</strong>, 수정 시각 {edited}.</p>
<p>이 페이지에는 검증자가 두 개 있습니다. ETag는 바로 이 바이트들의 해시라서 수정할 때마다 바뀝니다. Last-Modified는 수정 시각을 초 단위로 적은 것이라서 1초 안에 두 번 고치면 같은 값이 됩니다.</p>
<p>개발자 도구를 열고 새로고침해 보세요. 두 번째 요청에는 If-None-Match와 If-Modified-Since가 실리고, 응답은 본문 없는 304 Not Modified입니다.</p>
<ul>
<li>실습: 조건부 GET. curl이 설치된 노트북을 가져오세요.</li>
<li>읽을거리: RFC 9110 §13(조건부 요청), RFC 9111 §4(신선도).</li>
<li>실습 질문: 304는 200보다 얼마나, 왜 작을까요?</li>
</ul>
<form method="post" action="/edit"><button type="submit">이 페이지 수정하기 (POST /edit)</button></form>
</body>
</html>
`,
} satisfies Record<Key, string>;

export const text = { en, ko };
