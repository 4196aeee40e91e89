/** Every sentence cookie-session says, and the shop's pages. Facts in {braces} come from this run. */
const en = {
  "step.shop-opens": "The shop opens with an empty session store",
  "step.first-visit": "First visit: no Cookie, so the server makes a session",
  "step.attributes": "What each cookie attribute is for",
  "step.cookie-returns": "The jar sends the cookie back; the server finds the session",
  "step.login": "Login: the name goes into the session, not into the cookie",
  "step.cart": "The cart lives on the server too",
  "step.forged": "A forged sid gets a fresh session",
  "step.logout": "Logout: the session is deleted and the cookie expired",
  "step.expiry": "An expired cookie is not sent",
  "step.side-by-side": "Cookie and session side by side",
  "step.several-servers": "Several servers: sticky sessions or a shared store",

  "default.user": "alice",
  "default.item": "coffee beans",
  "default.item2": "mug",

  // Why the server made a new session (a fact's reason, in words).
  "miss.none": "the request has no sid cookie",
  "miss.unknown": "sid {sid} is not in the store",
  "miss.expired": "sid {sid} expired in the store",

  // The server's own notes: in replay and in --serve, one per request it handles.
  "srv.new":
    "New session {sid}: {reason}. Store: {store} {store|session|sessions}; Set-Cookie goes out.",
  "srv.found": "Cookie sid={sid} → session found: visit {visits}, user {user}, cart {cart}.",
  "srv.login":
    "{user} logged in. The session moves to a new id {sid} (the old {old} is deleted) and a new Set-Cookie goes out.",
  "srv.loginFresh": "{user} logged in with the new session {sid}.",
  "srv.cart": "'{item}' added to the cart: {cart} {cart|item|items} in session {sid}.",
  "srv.logout":
    "Session {sid} deleted from the store ({store} left); Set-Cookie with Max-Age=0 expires the cookie.",
  "srv.logoutNone":
    "Logout without a live session: nothing to delete; the cookie is expired anyway.",
  "srv.badForm": "Refused with {status}: {problem}.",
  "srv.stranger": "anonymous",
  "srv.evicted":
    "The store is full ({max} sessions): session {sid} ({user}), unused for {idle} s, the least recently used, makes room for the new one.",
  "srv.full":
    "The store is full ({max} sessions) and every one was used in the last {recent} s: no new session. 503 instead, rather than log out someone who is shopping.",

  "note.shopListens":
    "The shop listens on {address}. Its session store is a Map in the server's memory, empty for now; each session lives {lifetime} s.",
  "note.stateless":
    "HTTP is stateless: nothing in TCP or HTTP ties two requests to one person, even on one connection. A cookie lets the server recognise a returning visitor; the session is what it remembers. ('Connectionless' was only HTTP/1.0's default.)",
  "note.firstNoCookie":
    "The request carries no Cookie header: the client's cookie jar has nothing for {origin} yet. To the server this is a stranger.",
  "note.sidRandom":
    "The sid is {bytes} random bytes from crypto.randomBytes ({bits} bits, {chars} characters): no one can guess another visitor's id, and it says nothing about the visitor. It is only a key into the server's store.",
  "note.cacheControl":
    'Cache-Control: {value}: a shared cache (proxy, CDN) must not hand this Set-Cookie, and so this session, to the next visitor. private keeps the page out of shared caches; no-cache="Set-Cookie" (the lecture\'s form) only the Set-Cookie line.',

  "jar.stored":
    "Jar: stored {name}={value} · {domain}{hostOnlyShown} · path {path} · expires {expiresShown} · HttpOnly {httpOnlyShown} · {sameSiteShown} · Secure {secureShown}",
  "jar.hostOnly": " (host-only)",
  "jar.flag.on": "yes",
  "jar.flag.off": "no",
  "jar.sameSite.none": "SameSite not set",
  "jar.session": "when the browser closes (session cookie)",
  "jar.inSeconds": "{iso} (in {ttl} s)",
  "jar.left": "expires in {ttl} s",
  "jar.removed": "Jar: dropped {name}: the response expired it.",
  "jar.rejected": "Jar: refused a Set-Cookie: {reason}",
  // Why the jar refused a Set-Cookie (jar.ts RefusalCode); tough-cookie's own words stay in --json.
  "jar.why.domain": "Domain={domain} does not cover the host that sent it, {host}",
  "jar.why.publicSuffix":
    "its Domain is a public suffix (such as com), and no site may set cookies for a whole suffix",
  "jar.why.parse": "the line is not a cookie it can read",
  "jar.why.secure": "the cookie is Secure and this connection is not secure (not https)",
  "jar.why.prefix":
    "its name's __Secure- or __Host- prefix requires attributes the cookie does not have",
  "jar.why.notStored": "the jar did not store it",
  "jar.why.other":
    "the jar (tough-cookie) did not accept it; --json gives its own message (toughCookie)",
  "jar.contents": "Jar now holds {count}: {list}",
  "jar.empty": "Jar now holds nothing.",
  "jar.sends":
    "The jar matched the URL (host, path, expiry) and adds Cookie: {cookie}: name=value only, never the attributes.",
  "jar.nothing": "The jar has no cookie for this URL: the request goes without Cookie.",

  "note.attrIntro":
    "Attributes instruct the jar and never return to the server (Set-Cookie2 is obsolete since RFC 6265). Set-Cookie: {header}",
  "note.attrDomain":
    "Domain: not set, so the cookie is host-only: it goes back to {host} alone, not even to subdomains. Domain=example.com would widen it to every host under example.com; no server can set one for another site.",
  "note.attrDomainRefused":
    "Proof: the lesson offered the jar Set-Cookie: {header} as if {host} had sent it. The jar refused: {reason}.",
  "note.attrPath":
    "Path={path}: the cookie goes with requests for {path} and below; Path=/cart would keep it from /. Tidiness, not security: same-host pages still reach each other.",
  "note.attrMaxAge":
    "Max-Age={maxAge}: the jar forgets the cookie {maxAge} s after receiving it, at {expires}. Expires= gives a date (the client's clock); Max-Age wins over it. With neither, it is a session cookie, gone when the browser closes; Max-Age=0 deletes it at once.",
  "note.attrSecure":
    "Secure: not set, because this shop speaks plain http on {host}. With Secure the cookie goes only over https, so nobody on the path (café Wi-Fi) can read the sid. A real shop uses https and sets it.",
  "note.attrHttpOnly":
    "HttpOnly: scripts in the page cannot read the cookie (document.cookie leaves it out), so a script injected into the page (XSS) cannot steal the sid. The browser still sends it with every request.",
  "note.attrSameSite":
    "SameSite={sameSite}: when another site makes the browser send a request here (a hidden form posting to /cart), the cookie stays home; it goes only with same-site requests and top-level GET navigations, which blunts CSRF. Strict: not even then; None: always (Secure required).",

  "note.sameSid":
    "Cookie: sid={sid} is the very value the server set. The server looked it up and found the session: visit {visits}. The count lives in the store; the cookie carries only the key.",
  "note.noNewCookie":
    "No Set-Cookie in this response: the jar already holds the cookie, so nothing needs to change.",

  "note.loginForm":
    "The form goes as application/x-www-form-urlencoded in the body: {body}. The jar adds the cookie to the POST as to any request.",
  "note.rotated":
    "At login the server changed the sid and sent a new Set-Cookie: {old} → {sid}. An id learned or planted before login (session fixation) is now worthless: the store no longer has it.",
  "note.seeOther":
    "{status} with Location: {location}: the client follows with a GET, so reloading the page never sends the form again (the Post/Redirect/Get pattern).",
  "note.greeting":
    "The page says “{greeting}”, visit {visits}. The name is in the server's session, found through the cookie; the cookie itself holds no name.",
  "note.cartPage":
    "GET /cart lists {count} {count|item|items}: {items}. The cart never left the server; the client holds {sidChars} characters of sid and nothing else.",

  "note.forgedPlant":
    "A second client (an attacker, anyone with developer tools) makes up sid={forged}, one character from the live {live}, and user=admin: a client can send any cookie.",
  "note.forgedResult":
    "No session {forged}: the server opened a fresh one, {sid}, for a stranger. user=admin changed nothing: the server's store decides who is logged in.",
  "note.forgedOdds":
    "Guessing a live sid means hitting one of {store} live {store|id|ids} among 2^{bits} possible values: hopeless, as long as ids come from a real random source.",

  "note.logoutDeleted":
    "The session {old} is gone from the store. Deleting it is what logs the user out; expiring the cookie only tidies up the client.",
  "note.oldSidDead":
    "A copy of the old cookie kept somewhere (a stolen sid, a saved curl command) now opens nothing: the lesson sends Cookie: sid={old} once more and the server answers with a fresh session {sid}.",
  "note.afterLogout":
    "GET / after logout goes without Cookie: a stranger again, who gets a new session as every first visit does.",

  "note.shortLifetime":
    "For this step new sessions live {lifetime} s (a lesson setting; real shops use minutes to weeks). A third client arrives with an empty jar.",
  "wait.expiry": "waiting for the cookie to expire",
  "note.stillSent": "Within its lifetime the cookie goes back as usual: visit {visits}.",
  "note.waiting": "Waiting {ms} ms on the real clock, past the expiry at {expires}.",
  "note.expiredNotSent":
    "The jar found the cookie expired, deleted it, and sends the request without Cookie. The server sees a stranger and starts a new session.",
  "note.serverExpired":
    "The server keeps its own clock: the old cookie sent anyway gets “{reason}” and a fresh session. Max-Age and the session lifetime were equal here, so both sides forget together.",
  "note.lifetimeBack": "The shop's lifetime for new sessions is {lifetime} s again.",

  "vs.header": "Cookie | Session, from this run:",
  "vs.where":
    "Where: the cookie sits in the client's jar ({jarCount} {jarCount|cookie|cookies} for this site now) | the session sits in the server's memory ({store} {store|session|sessions} in the store now).",
  "vs.lifetime":
    "Lifetime: the cookie until Max-Age runs out ({lifetime} s here) or the server expires it | the session until the server's timeout, a logout, or a server restart (this store is in memory).",
  "vs.size":
    "Size: about 4 KB per cookie, and every matching cookie travels with every request (the Cookie header was {cookieBytes} B) | a session holds what the server wants (the first client's was {sessionBytes} B as JSON) and never crosses the network.",
  "vs.security":
    "Security: the client can read (without HttpOnly) and change a cookie | session data is out of its reach. But the sid is a bearer token: whoever holds it is that user, hence HttpOnly, Secure, SameSite, a lifetime.",
  "vs.slides":
    "The slides say a session ends when the browser closes: the browser forgets a session cookie then; the session stays on the server until its timeout.",

  "multi.problem":
    "This store lives in one process. With several servers behind a load balancer, the next request may reach a server that never saw this sid, and the user is a stranger again.",
  "multi.sticky":
    "Sticky sessions: the balancer sends each visitor to the same server (by a cookie of its own or by address). Simple, but when that server dies its sessions die with it, and the load can be uneven.",
  "multi.shared":
    "A shared store (Redis, a database): every server looks sids up in one place, so any server can answer, at a network round trip per request. Session clustering copies sessions between servers instead.",
  "multi.stateless":
    "Or no server session: a signed token (a JWT) in the cookie carries the state, and each server checks the signature. Nothing to share, but a token is hard to revoke before it expires.",

  "serve.hint":
    "Open {url} in a browser, or: curl -s -c jar.txt -b jar.txt {url}  (-c saves the cookie jar, -b sends it back). Sessions live {lifetime} s.",
  "connect.target": "The client visits {url} with an empty cookie jar.",
  "connect.noCookie":
    "The server set no cookie: to it, every one of these requests came from a stranger.",
  "connect.summary":
    "{requests} {requests|request|requests}; the server set {setCookies} {setCookies|cookie|cookies}; the jar holds {count} now.",
  "connect.notHttp": "{target} did not answer as an HTTP server: {reason}",
  "connect.status": "{method} {target} → {status}",

  "fail.noSetCookie": "the server answered the first visit without Set-Cookie",
  "fail.unexpected": "{what}: expected {expected}, got {got}",

  "page.title": "sockstep shop",
  "page.hello": "Hello, {user}!",
  "page.stranger": "Hello, stranger.",
  "page.visits": "Visits in this session: {visits}",
  "page.cartCount": "Cart: {count} {count|item|items}",
  "page.cartLink": "See the cart",
  "page.loginLabel": "Name",
  "page.login": "Log in",
  "page.logout": "Log out",
  "page.itemLabel": "Item",
  "page.add": "Add to cart",
  "page.how":
    "This page knows you only through the sid cookie. The server keeps your name, visit count and cart; your browser keeps a random id. The cookie is HttpOnly, so scripts cannot read it:",
  "page.script": "document.cookie in this page:",
  "page.cartTitle": "Your cart",
  "page.cartEmpty": "The cart is empty.",
  "page.back": "Back to the shop",
  "page.seeOther": "See {location}",
  "page.notFound": "There is no page at this address.",
  "page.notAllowed": "This address does not take {method}.",
  "page.badType": "Send the form as application/x-www-form-urlencoded.",
  "page.badUser": "A name needs 1 to {max} characters, without control characters.",
  "page.badItem": "An item needs 1 to {max} characters, without control characters.",
  "page.cartFull": "The cart is full ({max} items).",
  "page.full": "The shop has too many visitors right now. Try again in a minute.",
} as const;

type Key = keyof typeof en;

const ko = {
  "step.shop-opens": "상점이 문을 연다: 세션 저장소는 비어 있다",
  "step.first-visit": "첫 방문: Cookie가 없으니 서버가 세션을 만든다",
  "step.attributes": "쿠키 속성은 저마다 무엇을 막는가",
  "step.cookie-returns": "쿠키 저장소가 쿠키를 돌려보내고, 서버는 세션을 찾는다",
  "step.login": "로그인: 이름은 쿠키가 아니라 세션에 들어간다",
  "step.cart": "장바구니도 서버에 있다",
  "step.forged": "위조한 sid는 새 세션을 받을 뿐이다",
  "step.logout": "로그아웃: 세션을 지우고 쿠키를 만료시킨다",
  "step.expiry": "만료된 쿠키는 보내지 않는다",
  "step.side-by-side": "쿠키와 세션 나란히 보기",
  "step.several-servers": "서버가 여러 대라면: 스티키 세션 또는 공유 저장소",

  "default.user": "alice",
  "default.item": "원두",
  "default.item2": "머그잔",

  "miss.none": "요청에 sid 쿠키가 없음",
  "miss.unknown": "sid {sid}이(가) 저장소에 없음",
  "miss.expired": "sid {sid}은(는) 저장소에서 만료됨",

  "srv.new": "새 세션 {sid}: {reason}. 저장소: 세션 {store}개. Set-Cookie를 보냅니다.",
  "srv.found":
    "Cookie sid={sid} → 세션을 찾음: {visits}번째 방문, 사용자 {user}, 장바구니 {cart}개.",
  "srv.login":
    "{user} 로그인. 세션을 새 ID {sid}(으)로 옮기고(예전 {old}은(는) 삭제) 새 Set-Cookie를 보냅니다.",
  "srv.loginFresh": "{user} 로그인: 새 세션 {sid}.",
  "srv.cart": "장바구니에 '{item}' 추가: 세션 {sid}에 {cart}개.",
  "srv.logout":
    "세션 {sid}을(를) 저장소에서 삭제했습니다({store}개 남음). Max-Age=0인 Set-Cookie로 쿠키를 만료시킵니다.",
  "srv.logoutNone": "살아 있는 세션 없이 로그아웃: 지울 것은 없지만 쿠키는 만료시킵니다.",
  "srv.badForm": "{status}(으)로 거절: {problem}.",
  "srv.stranger": "익명",
  "srv.evicted":
    "저장소가 가득 찼습니다(세션 {max}개). 가장 오래 쓰이지 않은 세션 {sid}을(를) 지우고 새 세션을 넣습니다({user}, {idle}초 동안 쓰이지 않음).",
  "srv.full":
    "저장소가 가득 찼고(세션 {max}개) 모든 세션이 최근 {recent}초 안에 쓰였습니다. 새 세션을 만들지 않고 503으로 응답합니다. 쇼핑 중인 사람을 로그아웃시키지 않기 위해서입니다.",

  "note.shopListens":
    "상점이 {address}에서 기다립니다. 세션 저장소는 서버 메모리 안의 Map이며 아직 비어 있습니다. 세션 하나는 {lifetime}초 동안 살아 있습니다.",
  "note.stateless":
    "HTTP는 무상태성 프로토콜입니다. 한 연결로 온 요청들조차 같은 사람에게서 왔다는 표시가 없습니다. 다시 온 방문자를 알아보는 수단이 쿠키, 서버가 기억하는 내용이 세션입니다. ('비연결성'은 HTTP/1.0의 기본 동작이었을 뿐입니다.)",
  "note.firstNoCookie":
    "요청에 Cookie 헤더가 없습니다. 클라이언트의 쿠키 저장소에 {origin}용 쿠키가 아직 없기 때문입니다. 서버가 보기에 이 사람은 처음 보는 손님입니다.",
  "note.sidRandom":
    "sid는 crypto.randomBytes로 만든 무작위 {bytes}바이트({bits}비트, {chars}글자)입니다. 다른 방문자의 ID를 짐작할 수 없고, 방문자에 대한 정보도 담고 있지 않습니다. 서버 저장소를 여는 열쇠일 뿐입니다.",
  "note.cacheControl":
    'Cache-Control: {value}: 공유 캐시(프록시, CDN)가 이 Set-Cookie, 곧 이 세션을 다음 방문자에게 넘기면 안 됩니다. private는 페이지 전체를, no-cache="Set-Cookie"(강의 자료의 형태)는 Set-Cookie 줄만 뺍니다.',

  "jar.stored":
    "저장소에 저장: {name}={value} · {domain}{hostOnlyShown} · 경로 {path} · 만료 {expiresShown} · HttpOnly {httpOnlyShown} · {sameSiteShown} · Secure {secureShown}",
  "jar.hostOnly": " (호스트 전용)",
  "jar.flag.on": "있음",
  "jar.flag.off": "없음",
  "jar.sameSite.none": "SameSite 없음",
  "jar.session": "브라우저를 닫을 때(세션 쿠키)",
  "jar.inSeconds": "{iso} ({ttl}초 뒤)",
  "jar.left": "{ttl}초 뒤 만료",
  "jar.removed": "쿠키 저장소: {name}을(를) 버렸습니다. 응답이 만료시켰습니다.",
  "jar.rejected": "쿠키 저장소: Set-Cookie를 거부했습니다: {reason}",
  "jar.why.domain": "Domain={domain}은(는) 이 쿠키를 보낸 호스트 {host}을(를) 포함하지 않습니다",
  "jar.why.publicSuffix":
    "Domain이 공개 접미사(com 같은)라서 어떤 사이트도 그 도메인 전체에 쿠키를 설정할 수 없습니다",
  "jar.why.parse": "쿠키로 읽을 수 없는 줄입니다",
  "jar.why.secure": "Secure 쿠키인데 이 연결은 보안 연결(https)이 아닙니다",
  "jar.why.prefix": "이름의 __Secure- 또는 __Host- 접두사가 요구하는 속성이 쿠키에 없습니다",
  "jar.why.notStored": "쿠키 저장소가 저장하지 않았습니다",
  "jar.why.other":
    "쿠키 저장소(tough-cookie)가 받아들이지 않았습니다. 원래 메시지는 --json의 toughCookie에 있습니다",
  "jar.contents": "쿠키 저장소의 내용 {count}개: {list}",
  "jar.empty": "쿠키 저장소가 비었습니다.",
  "jar.sends":
    "쿠키 저장소가 URL(호스트, 경로, 만료)을 맞춰 보고 Cookie: {cookie}을(를) 붙입니다. 속성 없이 이름=값만.",
  "jar.nothing": "이 URL에 맞는 쿠키가 저장소에 없어서 Cookie 없이 요청합니다.",

  "note.attrIntro":
    "속성은 쿠키 저장소에 주는 지시이며 서버로 돌아오지 않습니다(Set-Cookie2는 RFC 6265 이후 폐기). Set-Cookie: {header}",
  "note.attrDomain":
    "Domain: 지정하지 않았으므로 호스트 전용 쿠키입니다. {host}에만 돌아가고 하위 도메인에도 가지 않습니다. Domain=example.com은 그 아래 모든 호스트로 넓히며, 남의 사이트용 쿠키는 어떤 서버도 설정할 수 없습니다.",
  "note.attrDomainRefused":
    "증명: 레슨이 {host}에서 온 것처럼 Set-Cookie: {header}을(를) 쿠키 저장소에 건넸고, 저장소는 거부했습니다: {reason}.",
  "note.attrPath":
    "Path={path}: {path}와(과) 그 아래로 가는 요청에 실립니다. Path=/cart라면 /에는 가지 않습니다. 보안 경계가 아니라 정리용입니다. 같은 호스트의 페이지끼리는 서로 접근할 수 있습니다.",
  "note.attrMaxAge":
    "Max-Age={maxAge}: 쿠키 저장소는 받은 지 {maxAge}초 뒤, 곧 {expires}에 쿠키를 잊습니다. Expires=는 날짜를 주며(클라이언트 시계 기준) Max-Age가 우선합니다. 둘 다 없으면 브라우저를 닫을 때 사라지는 세션 쿠키이고, Max-Age=0은 즉시 지웁니다.",
  "note.attrSecure":
    "Secure: 이 상점은 {host}에서 평문 http를 쓰므로 지정하지 않았습니다. Secure가 있으면 쿠키는 https로만 가서 경로 중간의 누군가(카페 Wi-Fi)가 sid를 읽을 수 없습니다. 실제 상점은 https를 쓰고 Secure를 붙입니다.",
  "note.attrHttpOnly":
    "HttpOnly: 페이지의 스크립트가 쿠키를 읽을 수 없습니다(document.cookie에 나타나지 않음). 그래서 페이지에 주입된 스크립트(XSS)도 sid를 훔치지 못합니다. 브라우저는 요청마다 여전히 쿠키를 보냅니다.",
  "note.attrSameSite":
    "SameSite={sameSite}: 다른 사이트가 브라우저를 시켜 이곳으로 요청을 보내게 하면(/cart로 몰래 보내는 폼) 쿠키는 따라가지 않고, 같은 사이트 요청과 최상위 GET 이동에만 실립니다. 그래서 CSRF가 무뎌집니다. Strict는 그때도 안 보내고, None은 늘 보냅니다(Secure 필수).",

  "note.sameSid":
    "Cookie: sid={sid}은(는) 서버가 설정한 바로 그 값입니다. 서버가 이 값으로 찾아보니 세션이 있습니다: {visits}번째 방문. 방문 횟수는 저장소에 있고, 쿠키는 열쇠만 나릅니다.",
  "note.noNewCookie":
    "이 응답에는 Set-Cookie가 없습니다. 쿠키 저장소에 이미 쿠키가 있으니 바꿀 것이 없습니다.",

  "note.loginForm":
    "폼은 application/x-www-form-urlencoded 형식으로 본문에 실려 갑니다: {body}. 쿠키 저장소는 다른 요청과 똑같이 이 POST에도 쿠키를 붙입니다.",
  "note.rotated":
    "서버가 로그인 때 sid를 바꾸고 새 Set-Cookie를 보냈습니다: {old} → {sid}. 로그인 전에 누가 알아냈거나 심어 둔 ID(세션 고정)는 저장소에 없으니 쓸모가 없습니다.",
  "note.seeOther":
    "{status}와(과) Location: {location}: 클라이언트가 GET으로 따라가므로 페이지를 새로 고쳐도 폼이 다시 전송되지 않습니다(Post/Redirect/Get 패턴).",
  "note.greeting":
    "페이지에 “{greeting}”, {visits}번째 방문이라고 나옵니다. 이름은 쿠키로 찾은 서버의 세션에 있습니다. 쿠키 자체에는 이름이 없습니다.",
  "note.cartPage":
    "GET /cart가 {count}개를 보여 줍니다: {items}. 장바구니는 서버를 떠난 적이 없고, 클라이언트가 가진 것은 sid {sidChars}글자뿐입니다.",

  "note.forgedPlant":
    "두 번째 클라이언트(공격자, 개발자 도구를 연 누구든)가 살아 있는 {live}와(과) 한 글자 다른 sid={forged}, 그리고 user=admin을 지어냅니다. 클라이언트는 어떤 쿠키든 보낼 수 있습니다.",
  "note.forgedResult":
    "{forged} 세션은 없어서 서버는 처음 보는 손님에게 새 세션 {sid}을(를) 열었습니다. user=admin은 아무것도 바꾸지 못합니다. 로그인 여부는 서버 저장소가 정합니다.",
  "note.forgedOdds":
    "살아 있는 sid를 알아맞히려면 가능한 값 2^{bits}개 가운데 {store}개 중 하나를 맞혀야 합니다. ID가 제대로 된 난수에서 나오는 한 가망이 없습니다.",

  "note.logoutDeleted":
    "세션 {old}이(가) 저장소에서 사라졌습니다. 로그아웃의 본체는 이 삭제이고, 쿠키 만료는 클라이언트 쪽 정리일 뿐입니다.",
  "note.oldSidDead":
    "어딘가에 남겨 둔 예전 쿠키(도둑맞은 sid, 저장해 둔 curl 명령)로는 이제 아무것도 열 수 없습니다. 레슨이 Cookie: sid={old}을(를) 한 번 더 보내자 서버는 새 세션 {sid}(으)로 답합니다.",
  "note.afterLogout":
    "로그아웃 뒤의 GET /는 Cookie 없이 갑니다. 다시 처음 보는 손님이 되고, 모든 첫 방문처럼 새 세션을 받습니다.",

  "note.shortLifetime":
    "이 단계에서만 새 세션의 수명이 {lifetime}초입니다(레슨용 설정, 실제 상점은 몇 분에서 몇 주). 빈 쿠키 저장소를 가진 세 번째 클라이언트가 옵니다.",
  "wait.expiry": "쿠키가 만료되기를 기다리는 중",
  "note.stillSent": "수명 안에서는 쿠키가 평소처럼 돌아갑니다: {visits}번째 방문.",
  "note.waiting": "실제 시계로 {ms} ms를 기다려 만료 시각 {expires}을(를) 넘깁니다.",
  "note.expiredNotSent":
    "쿠키 저장소는 쿠키가 만료된 것을 보고 지운 다음 Cookie 없이 요청합니다. 서버는 처음 보는 손님으로 보고 새 세션을 엽니다.",
  "note.serverExpired":
    "서버에도 자기 시계가 있습니다. 예전 쿠키를 억지로 보내면 “{reason}”(이)라는 판정과 새 세션을 받습니다. 여기서는 Max-Age와 세션 수명이 같아 양쪽이 함께 잊습니다.",
  "note.lifetimeBack": "상점이 새 세션에 주는 수명이 다시 {lifetime}초입니다.",

  "vs.header": "쿠키 | 세션, 이번 실행에서:",
  "vs.where":
    "저장 위치: 쿠키는 클라이언트의 쿠키 저장소에 있습니다(지금 이 사이트용 {jarCount}개) | 세션은 서버 메모리에 있습니다(지금 저장소에 {store}개).",
  "vs.lifetime":
    "수명: 쿠키는 Max-Age가 다할 때까지(여기서는 {lifetime}초) 또는 서버가 만료시킬 때까지 | 세션은 서버의 타임아웃, 로그아웃, 서버 재시작까지(이 저장소는 메모리에 있음).",
  "vs.size":
    "크기: 쿠키는 하나에 약 4 KB이고, 맞는 쿠키는 모든 요청마다 함께 갑니다(Cookie 헤더가 {cookieBytes} B였음) | 세션에는 서버가 원하는 만큼 담을 수 있고(첫 클라이언트의 세션은 JSON으로 {sessionBytes} B) 네트워크를 건너지 않습니다.",
  "vs.security":
    "보안: 쿠키는 클라이언트가 읽고(HttpOnly가 없으면) 바꿀 수 있습니다 | 세션 데이터는 손이 닿지 않습니다. 하지만 sid는 소지자 토큰이라 가진 사람이 곧 그 사용자이므로 HttpOnly, Secure, SameSite와 수명이 필요합니다.",
  "vs.slides":
    "슬라이드는 브라우저를 닫으면 세션이 지워진다고 합니다. 브라우저가 잊는 것은 세션 쿠키이고, 세션은 타임아웃까지 서버에 남습니다.",

  "multi.problem":
    "이 저장소는 프로세스 하나 안에 있습니다. 로드 밸런서 뒤에 서버가 여럿이면 다음 요청이 이 sid를 모르는 서버로 가서, 사용자는 다시 처음 보는 손님이 됩니다.",
  "multi.sticky":
    "스티키 세션: 로드 밸런서가 방문자를 늘 같은 서버로 보냅니다(자기 쿠키나 주소로 구분). 간단하지만 그 서버가 죽으면 세션도 함께 사라지고, 부하가 고르지 않을 수 있습니다.",
  "multi.shared":
    "공유 저장소(Redis, 데이터베이스): 모든 서버가 한곳에서 sid를 찾으므로 어느 서버든 답할 수 있지만 요청마다 네트워크 왕복이 늘어납니다. 세션 클러스터링은 세션을 서버끼리 복제합니다.",
  "multi.stateless":
    "아니면 서버에 세션을 두지 않습니다. 서명된 토큰(JWT)을 쿠키에 넣어 상태를 싣고, 서버는 서명만 확인합니다. 공유할 것은 없지만 토큰은 만료 전에 무효로 만들기 어렵습니다.",

  "serve.hint":
    "브라우저로 {url}을(를) 열거나: curl -s -c jar.txt -b jar.txt {url}  (-c는 쿠키 저장소를 파일에 저장하고, -b는 다시 보냄). 세션 수명은 {lifetime}초입니다.",
  "connect.target": "클라이언트가 빈 쿠키 저장소를 들고 {url}을(를) 방문합니다.",
  "connect.noCookie":
    "서버가 쿠키를 하나도 설정하지 않았습니다. 서버가 보기에 이 요청들은 모두 처음 보는 손님에게서 왔습니다.",
  "connect.summary":
    "요청 {requests}개, 서버가 설정한 쿠키 {setCookies}개, 지금 쿠키 저장소에 {count}개.",
  "connect.notHttp": "{target}이(가) HTTP 서버로 답하지 않았습니다: {reason}",
  "connect.status": "{method} {target} → {status}",

  "fail.noSetCookie": "서버가 첫 방문에 Set-Cookie 없이 답했습니다",
  "fail.unexpected": "{what}: {expected}을(를) 기대했지만 {got}이(가) 왔습니다",

  "page.title": "sockstep 상점",
  "page.hello": "{user} 님, 안녕하세요!",
  "page.stranger": "처음 뵙겠습니다.",
  "page.visits": "이 세션의 방문 횟수: {visits}",
  "page.cartCount": "장바구니: {count}개",
  "page.cartLink": "장바구니 보기",
  "page.loginLabel": "이름",
  "page.login": "로그인",
  "page.logout": "로그아웃",
  "page.itemLabel": "상품",
  "page.add": "장바구니에 담기",
  "page.how":
    "이 페이지는 sid 쿠키로만 여러분을 알아봅니다. 이름, 방문 횟수, 장바구니는 서버가 갖고 있고, 브라우저는 무작위 ID 하나만 갖고 있습니다. 쿠키가 HttpOnly라서 스크립트는 읽을 수 없습니다:",
  "page.script": "이 페이지의 document.cookie:",
  "page.cartTitle": "장바구니",
  "page.cartEmpty": "장바구니가 비어 있습니다.",
  "page.back": "상점으로 돌아가기",
  "page.seeOther": "{location}(으)로 이동",
  "page.notFound": "이 주소에는 페이지가 없습니다.",
  "page.notAllowed": "이 주소는 {method}을(를) 받지 않습니다.",
  "page.badType": "폼은 application/x-www-form-urlencoded로 보내 주세요.",
  "page.badUser": "이름은 제어 문자 없이 1~{max}글자여야 합니다.",
  "page.badItem": "상품 이름은 제어 문자 없이 1~{max}글자여야 합니다.",
  "page.cartFull": "장바구니가 가득 찼습니다({max}개).",
  "page.full": "지금은 방문자가 너무 많습니다. 1분 뒤에 다시 시도하세요.",
} as const satisfies Record<Key, string>;

export type TextKey = Key;
export const text = { en, ko };
