import { format } from "../../src/i18n/locale.js";
import type { Quiz } from "../../src/runtime/lesson.js";
import { numberChoice, runChoices } from "../../src/runtime/questions.js";

/** What the end-of-lesson question about this run reads from the steps' state. */
interface Run {
  /** What the client's requests added up to (lesson.ts keeps the tally). */
  tally?: { full: number; fullBytes: number; notModified: number; savedBytes: number };
  /** Bytes the first GET's 200 took on the wire. */
  wire200?: number;
}

export const quiz: Quiz<string, Run> = {
  predict: {
    revalidate: {
      id: "cg-304",
      prompt: {
        en: "The client asks again, sending If-None-Match and If-Modified-Since from its copy. The page has not changed. What comes back?",
        ko: "클라이언트가 사본의 If-None-Match와 If-Modified-Since를 실어 다시 묻습니다. 페이지는 바뀌지 않았습니다. 무엇이 돌아올까요?",
      },
      choices: [
        {
          en: "200 with the whole page again",
          ko: "페이지 전체와 함께 다시 200",
        },
        {
          en: "Nothing: the server stays silent",
          ko: "아무것도: 서버가 답하지 않는다",
        },
        {
          en: "204 No Content",
          ko: "204 No Content",
        },
        {
          en: "304 Not Modified: header fields only, no body",
          ko: "304 Not Modified: 헤더 필드만 오고 본문은 없다",
        },
      ],
      answer: 3,
      hint: {
        en: "The client already has the body. What would sending it again add?",
        ko: "클라이언트는 이미 본문을 가지고 있습니다. 다시 보내면 무엇이 더해질까요?",
      },
      explain: {
        en: "A matching validator makes the condition false, and for GET that means 304: the client already has the body.",
        ko: "검증자가 일치하면 조건이 거짓이 되고, GET에서는 304를 뜻합니다. 본문은 클라이언트가 이미 가지고 있습니다.",
      },
    },
    changed: {
      id: "cg-changed",
      prompt: {
        en: "The page was edited. The client sends its old ETag in If-None-Match. What does the server answer?",
        ko: "페이지가 수정되었습니다. 클라이언트는 옛 ETag를 If-None-Match에 실어 보냅니다. 서버는 무엇으로 답할까요?",
      },
      choices: [
        {
          en: "200 with the new page and a new ETag",
          ko: "새 페이지와 새 ETag를 담은 200",
        },
        {
          en: "304, and the client keeps its old copy",
          ko: "304, 클라이언트는 옛 사본을 계속 쓴다",
        },
        {
          en: "412 Precondition Failed",
          ko: "412 Precondition Failed",
        },
      ],
      answer: 0,
      hint: {
        en: "If-None-Match means: send it only if none of my tags match. Does the old tag match the new page?",
        ko: "If-None-Match는 '내 태그 중 맞는 것이 없을 때만 보내 달라'는 뜻입니다. 옛 태그가 새 페이지와 맞을까요?",
      },
      explain: {
        en: "If-None-Match is true when no tag matches, so the request is served normally: 200 with the new version. 412 Precondition Failed answers a condition that turned out false where a 304 cannot: a false If-Match or If-Unmodified-Since, and a false If-None-Match on a method other than GET and HEAD, such as a PUT with If-None-Match: * when the page already exists (RFC 9110 §13.1).",
        ko: "일치하는 태그가 없으면 If-None-Match가 참이므로 요청을 평소대로 처리합니다. 새 버전과 함께 200입니다. 412 Precondition Failed는 조건이 거짓이 되었는데 304로 답할 수 없을 때 쓰입니다. If-Match나 If-Unmodified-Since가 거짓일 때, 그리고 GET과 HEAD가 아닌 메서드에서 If-None-Match가 거짓일 때입니다. 페이지가 이미 있는데 If-None-Match: *를 붙인 PUT이 그 예입니다(RFC 9110 §13.1).",
      },
    },
    "dates-vs-etag": {
      id: "cg-same-second",
      prompt: {
        en: "The page changed twice within one second; the client's copy is the first version. It sends only If-Modified-Since with its copy's Last-Modified. What comes back?",
        ko: "페이지가 1초 안에 두 번 바뀌었고, 클라이언트의 사본은 첫 번째 버전입니다. 사본의 Last-Modified를 담은 If-Modified-Since만 보냅니다. 무엇이 돌아올까요?",
      },
      choices: [
        {
          en: "200 with the newest version",
          ko: "최신 버전과 함께 200",
        },
        {
          en: "400: the date is ambiguous",
          ko: "400: 날짜가 모호하다",
        },
        {
          en: "304: the dates are equal, so the stale copy looks current",
          ko: "304: 날짜가 같아서 오래된 사본이 최신처럼 보인다",
        },
      ],
      answer: 2,
      hint: {
        en: "Last-Modified counts whole seconds. Do the two versions have different dates?",
        ko: "Last-Modified는 초 단위입니다. 두 버전의 날짜가 다를까요?",
      },
      explain: {
        en: 'Last-Modified has whole seconds, and both versions got the same one: "not modified since" is true as far as the date can tell.',
        ko: "Last-Modified는 초 단위이고 두 버전이 같은 값을 받았습니다. 날짜로 알 수 있는 범위에서는 '그 이후 수정되지 않음'이 맞습니다.",
      },
    },
    "inm-wins": {
      id: "cg-inm-wins",
      prompt: {
        en: "Both fields are sent: If-Modified-Since matches the page's date, If-None-Match does not match its ETag. What does the server answer?",
        ko: "두 필드를 모두 보냅니다. If-Modified-Since는 페이지의 날짜와 맞고, If-None-Match는 ETag와 맞지 않습니다. 서버는 무엇으로 답할까요?",
      },
      choices: [
        {
          en: "304: one match is enough",
          ko: "304: 하나만 맞아도 된다",
        },
        {
          en: "200: If-None-Match decides and If-Modified-Since is ignored",
          ko: "200: If-None-Match가 결정하고 If-Modified-Since는 무시된다",
        },
        {
          en: "It depends on which field came first",
          ko: "어느 필드가 먼저 왔는지에 달려 있다",
        },
      ],
      answer: 1,
      hint: {
        en: "RFC 9110 fixes the order in which a server evaluates the conditions. Which field does it look at first?",
        ko: "RFC 9110은 서버가 조건을 평가하는 순서를 정해 두었습니다. 어느 필드를 먼저 볼까요?",
      },
      explain: {
        en: "RFC 9110 §13.2.2: a server evaluates If-None-Match first and must ignore If-Modified-Since when If-None-Match is present.",
        ko: "RFC 9110 §13.2.2: 서버는 If-None-Match를 먼저 평가하며, If-None-Match가 있으면 If-Modified-Since는 무시해야 합니다.",
      },
    },
    fresh: {
      id: "cg-fresh",
      prompt: {
        en: "The client's copy is fresh: its Cache-Control: max-age has not run out (if your pause outlasted it, the step first gets a new copy). The user opens the page again. What crosses the network?",
        ko: "클라이언트의 사본은 신선합니다. Cache-Control: max-age가 아직 지나지 않았습니다(멈춰 있던 사이에 지났다면 이 단계가 먼저 새 사본을 받아 옵니다). 사용자가 페이지를 다시 엽니다. 네트워크로 무엇이 오갈까요?",
      },
      choices: [
        {
          en: "A conditional GET and a 304",
          ko: "조건부 GET과 304",
        },
        {
          en: "A full GET and a 200",
          ko: "평범한 GET과 200",
        },
        {
          en: "Nothing at all",
          ko: "아무것도 오가지 않는다",
        },
      ],
      answer: 2,
      hint: {
        en: "While max-age has not run out, does the cache need the server's opinion?",
        ko: "max-age가 지나기 전에도 캐시가 서버에 물어볼 필요가 있을까요?",
      },
      explain: {
        en: "A fresh copy is used without asking: no connection, no request, no round trip.",
        ko: "신선한 사본은 묻지 않고 씁니다. 연결도, 요청도, 왕복도 없습니다.",
      },
    },
    head: {
      id: "cg-head",
      prompt: {
        en: "The client sends HEAD /. What does the response carry?",
        ko: "클라이언트가 HEAD /를 보냅니다. 응답에는 무엇이 실려 올까요?",
      },
      choices: [
        {
          en: "The same header fields as a GET, Content-Length included, and no body",
          ko: "GET과 같은 헤더 필드(Content-Length 포함), 본문은 없음",
        },
        {
          en: "Only the status line",
          ko: "상태 라인만",
        },
        {
          en: "The headers, with Content-Length: 0",
          ko: "헤더와 Content-Length: 0",
        },
      ],
      answer: 0,
      hint: {
        en: "HEAD is GET without one part. Which part, and should the rest change?",
        ko: "HEAD는 GET에서 한 부분만 뺀 것입니다. 어느 부분이고, 나머지는 달라질까요?",
      },
      explain: {
        en: "HEAD gets what GET would get, minus the body; Content-Length still tells the size of the body a GET would bring.",
        ko: "HEAD는 GET이 받을 것에서 본문만 뺀 것을 받습니다. Content-Length는 GET이라면 받을 본문의 크기를 그대로 알려 줍니다.",
      },
    },
  },
  final: [
    {
      id: "cg-why-etag",
      prompt: {
        en: 'Last-Modified already lets a client ask "changed since?". Why do servers also send ETag?',
        ko: "Last-Modified만으로도 '그 뒤로 바뀌었나?'를 물을 수 있습니다. 서버는 왜 ETag도 보낼까요?",
      },
      choices: [
        {
          en: "ETag is shorter on the wire",
          ko: "ETag가 전송할 때 더 짧아서",
        },
        {
          en: "Dates have one-second resolution and depend on clocks; an ETag changes with every change of the content",
          ko: "날짜는 1초 단위이고 시계에 의존하지만, ETag는 내용이 바뀔 때마다 바뀌어서",
        },
        {
          en: "Browsers ignore Last-Modified",
          ko: "브라우저가 Last-Modified를 무시해서",
        },
      ],
      answer: 1,
      hint: {
        en: "Think of two edits within the same second, or of two servers whose clocks disagree.",
        ko: "같은 1초 안의 두 번의 수정, 또는 시계가 서로 다른 두 서버를 생각해 보세요.",
      },
      explain: {
        en: "Two edits within a second share a Last-Modified; an ETag derived from the bytes tells them apart, and needs no clock.",
        ko: "1초 안의 두 수정은 같은 Last-Modified를 갖지만, 바이트로 만든 ETag는 둘을 구별하며 시계도 필요 없습니다.",
      },
    },
    {
      id: "cg-304-body",
      prompt: {
        en: "What does a 304 Not Modified response contain?",
        ko: "304 Not Modified 응답에는 무엇이 들어 있을까요?",
      },
      choices: [
        {
          en: "The body, compressed",
          ko: "압축된 본문",
        },
        {
          en: "Only the differences from the client's copy",
          ko: "클라이언트 사본과의 차이만",
        },
        {
          en: "Header fields such as Date, ETag and Cache-Control, and never a body",
          ko: "Date, ETag, Cache-Control 같은 헤더 필드만 있고 본문은 절대 없다",
        },
      ],
      answer: 2,
      hint: {
        en: "The client keeps using its stored body. What could a 304 still update?",
        ko: "클라이언트는 저장된 본문을 그대로 씁니다. 304가 그래도 갱신할 수 있는 것은 무엇일까요?",
      },
      explain: {
        en: "A 304 always ends at the empty line after its header fields, even if it carries a Content-Length (RFC 9112 §6.3); the client uses its stored body and updates the stored header fields (RFC 9110 §15.4.5).",
        ko: "304는 Content-Length가 실려 있더라도 헤더 뒤의 빈 줄에서 언제나 끝납니다(RFC 9112 §6.3). 클라이언트는 저장해 둔 본문을 쓰고, 저장된 헤더 필드를 갱신합니다(RFC 9110 §15.4.5).",
      },
    },
    {
      id: "cg-freshness",
      prompt: {
        en: "The slides say cached copies must be deleted by hand. What actually decides when a browser asks the server again?",
        ko: "강의 자료에는 캐시된 사본을 직접 지워야 한다고 되어 있습니다. 브라우저가 서버에 다시 묻는 때는 실제로 무엇이 정할까요?",
      },
      choices: [
        {
          en: "Only the user, by clearing the cache",
          ko: "캐시를 지우는 사용자만",
        },
        {
          en: "The copy's freshness lifetime (max-age, Expires, or a heuristic): once it is stale, the cache revalidates",
          ko: "사본의 신선도 수명(max-age, Expires, 또는 추정값): 오래되면 캐시가 재검증한다",
        },
        {
          en: "The server pushes a notice when the page changes",
          ko: "페이지가 바뀌면 서버가 알림을 보낸다",
        },
      ],
      answer: 1,
      hint: {
        en: "Each stored response carries a lifetime, from its own header fields.",
        ko: "저장된 응답마다 자기 헤더에서 정해진 수명이 있습니다.",
      },
      explain: {
        en: "RFC 9111: a fresh copy is used without asking, a stale one is revalidated with a conditional request, and a cache may evict copies on its own.",
        ko: "RFC 9111: 신선한 사본은 묻지 않고 쓰고, 오래된 사본은 조건부 요청으로 재검증하며, 캐시는 사본을 스스로 지울 수 있습니다.",
      },
    },
    {
      id: "cg-weak-compare",
      prompt: {
        en: 'The page\'s ETag is "abc". A request carries If-None-Match: W/"abc". What does the server answer to GET?',
        ko: '페이지의 ETag는 "abc"입니다. 요청에 If-None-Match: W/"abc"가 실려 있습니다. 서버는 GET에 무엇으로 답할까요?',
      },
      choices: [
        {
          en: "304: If-None-Match uses the weak comparison, which ignores W/",
          ko: "304: If-None-Match는 W/를 무시하는 약한 비교를 쓴다",
        },
        {
          en: "200: a weak tag never matches a strong one",
          ko: "200: 약한 태그는 강한 태그와 절대 맞지 않는다",
        },
        {
          en: "400: the tag is malformed",
          ko: "400: 태그 형식이 잘못되었다",
        },
      ],
      answer: 0,
      hint: {
        en: "A GET only needs to know whether the content is equivalent, and W/ marks a tag meant for exactly that.",
        ko: "GET은 내용이 같은 것으로 볼 만한지만 알면 됩니다. W/는 바로 그런 용도의 태그라는 표시입니다.",
      },
      explain: {
        en: "RFC 9110 §13.1.2: If-None-Match compares with the weak function; only the opaque tags must be equal.",
        ko: "RFC 9110 §13.1.2: If-None-Match는 약한 비교 함수로 비교합니다. 따옴표 안의 태그만 같으면 됩니다.",
      },
    },
    {
      id: "cg-saved",
      prompt: {
        en: "A revalidation ends in 304. What did it cost, compared with using a fresh copy?",
        ko: "재검증이 304로 끝났습니다. 신선한 사본을 그냥 쓰는 것과 비교하면 무엇이 더 들었을까요?",
      },
      choices: [
        {
          en: "Nothing: both are free",
          ko: "아무것도: 둘 다 공짜다",
        },
        {
          en: "The whole body, once more",
          ko: "본문 전체를 한 번 더",
        },
        {
          en: "A round trip and two header blocks, but not the body",
          ko: "왕복 한 번과 헤더 블록 두 개, 본문은 아님",
        },
      ],
      answer: 2,
      hint: {
        en: "A 304 still needs a request to go out and an answer to come back.",
        ko: "304를 받으려면 그래도 요청이 가고 응답이 와야 합니다.",
      },
      explain: {
        en: "A 304 saves the body; a fresh copy saves the request itself. That is why max-age and validators are used together.",
        ko: "304는 본문을 아끼고, 신선한 사본은 요청 자체를 아낍니다. 그래서 max-age와 검증자를 함께 씁니다.",
      },
    },
  ],
  fromRun(s) {
    const t = s.tally;
    if (!t || t.notModified === 0 || t.savedBytes === 0) return [];
    const facts = {
      n: t.notModified,
      saved: t.savedBytes,
      full: t.full,
      fullBytes: t.fullBytes,
    };
    const { choices, answer } = runChoices(numberChoice(`${t.savedBytes} B`), [
      { en: "0 B: a 304 costs as much as a 200", ko: "0 B: 304도 200만큼 든다" },
      numberChoice(`${t.fullBytes} B`),
      ...(s.wire200 ? [numberChoice(`${s.wire200 * t.notModified} B`)] : []),
      numberChoice(`${Math.round(t.savedBytes / t.notModified)} B`),
    ]);
    return [
      {
        id: "cg-run-saved",
        prompt: {
          en: format(
            "In this run the client got 304 Not Modified {n} {n|time|times}. How many bytes of body did those answers spare it, in all?",
            facts,
          ),
          ko: format(
            "이번 실행에서 클라이언트는 304 Not Modified를 {n}번 받았습니다. 그 응답들이 아껴 준 본문은 모두 몇 바이트일까요?",
            facts,
            "ko",
          ),
        },
        choices,
        answer,
        hint: {
          en: "Each 304 spares the body of the stored copy it confirms, no more and no less.",
          ko: "304는 그것이 확인해 준 저장 사본의 본문만큼을 아낍니다. 더도 덜도 아닙니다.",
        },
        explain: {
          en: format(
            "{saved} B: each 304 left out the body of the copy it confirmed, while its header fields still crossed the network. The {full} whole {full|page|pages} brought {fullBytes} B of body.",
            facts,
          ),
          ko: format(
            "{saved} B입니다. 304는 확인해 준 사본의 본문을 보내지 않았고, 헤더는 그래도 네트워크를 오갔습니다. 페이지 전체를 받은 {full}번은 본문 {fullBytes} B를 가져왔습니다.",
            facts,
            "ko",
          ),
        },
      },
    ];
  },
};
