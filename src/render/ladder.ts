import type { ChalkInstance } from "chalk";
import type { Texts } from "../i18n/texts.js";
import { escapeText, preview } from "../trace/escape.js";
import type {
  Actor,
  CallEvent,
  ErrorEvent,
  HttpEvent,
  MeasureEvent,
  NoteEvent,
  StepEvent,
  TraceEvent,
} from "../trace/events.js";
import type { Subscriber } from "../trace/tracer.js";
import { cells, padCells, truncateCells, type WrapOptions, wrapCells } from "./cells.js";
import type { Output } from "./output.js";

/**
 * How much the ladder draws. compact: one line per call (what happened, with
 * its numbers), one arrow per HTTP message with the fields the step is about,
 * each explanation once. full: every call's `py` and `node` lines, every
 * header field, the byte stream's arrows and each explanation every time.
 */
export type Detail = "compact" | "full";

export interface LadderOptions {
  width: number;
  chalk: ChalkInstance;
  texts: Texts;
  /** Hold output until the server's listening address is known, and print that first (--serve). */
  bannerFirst?: (event: TraceEvent) => string | null;
  /** Name the connection on every send, recv and shutdown (--serve, where clients interleave). */
  connTags?: boolean;
  /** Default full (what `verify` and the unit tests draw); lessons start compact. */
  detail?: Detail;
  /**
   * The header fields that matter in a step (by step id), in compact detail:
   * only these are drawn under an HTTP arrow. A step without a list shows none.
   */
  stepHeaders?: (stepId: string) => readonly string[] | undefined;
  /**
   * Fold repeated rounds in compact (default true). Off for --serve: a fold
   * holds a round until the next one starts, and a server may wait for hours.
   */
  fold?: boolean;
}

/** The ladder's subscriber, whose detail can change while a lesson runs (the `d` key). */
export interface Ladder extends Subscriber {
  /** Draw from the next event on at this detail. */
  setDetail(detail: Detail): void;
  detail(): Detail;
  /** Draw what compact holds back to join with the next event (before a pause). */
  flush(): void;
}

const GUTTER = " │ ";

/** Notes that report something that happened (a drop, a refusal): compact shows every one. */
const EVENT_NOTES: ReadonlySet<string> = new Set([
  "emulator.dropped",
  "emulator.tcpUpstreamFailed",
  "http.refused",
  "http.idleTimeout",
  "http.unreadTimeout",
  "http.handlerError",
  "http.client.resend",
]);
/** The engine's explanations that compact gives once in a run, not once in each step. */
const RUN_ONCE: ReadonlySet<string> = new Set(["http.server.split", "udp.settimeout"]);
/** The calls of one connection that --serve tags with its id. */
const CONN_CALLS: ReadonlySet<CallEvent["call"]> = new Set(["send", "recv", "shutdown"]);
/** The py/node lines wrap under their code, past the label. */
const CODE_HANG = 7;

interface Row {
  text: string;
  style?: (s: string) => string;
  wrap?: WrapOptions;
}

/**
 * The ladder: client on the left, server on the right, arrows across for
 * what crossed the wire. Under 80 columns, one column with side tags.
 */
export function ladderRenderer(out: Output, opts: LadderOptions): Ladder {
  const { chalk, texts } = opts;
  const say = texts.say;
  let detail: Detail = opts.detail ?? "full";
  const compact = () => detail === "compact";
  const twoColumns = opts.width >= 80;
  const paint: Record<Actor, (s: string) => string> = {
    client: chalk.cyan,
    server: chalk.magenta,
    network: chalk.yellow,
    lesson: chalk.white,
  };
  const tag: Record<Actor, string> = {
    client: say("actor.client"),
    server: say("actor.server"),
    network: say("actor.network"),
    lesson: say("actor.lesson"),
  };
  const tagWidth = Math.max(...Object.values(tag).map(cells));
  const colWidth = twoColumns
    ? Math.floor((opts.width - cells(GUTTER)) / 2)
    : Math.max(20, opts.width - tagWidth - 2);
  let held: string[] | null = opts.bannerFirst ? [] : null;
  let headerShown = false;

  /** Lines written or held so far: the end line needs no blank line before it when it is the only one. */
  let shown = 0;
  const writeLine = (text: string) => {
    shown++;
    if (held) held.push(text);
    else out.line(text);
  };
  /** Where a row's lines go while it is drawn (compact passes each row to the folder). */
  let capture: string[] | null = null;
  const emitLine = (text: string) => {
    if (capture) capture.push(text);
    else writeLine(text);
  };

  /**
   * Folding, in compact: a step that does the same thing again (five
   * connections, one request each) shows the first rounds and then one line
   * for each further round whose rows are the same but for their numbers.
   * A round begins where the client opens a connection or sends; it is held
   * while it repeats the round before it, row for row, and drawn as it is as
   * soon as one row differs.
   */
  interface Group {
    lines: string[];
    /** The row's text with its numbers masked: two rounds match when these do. */
    mask: string;
    /** A row where a round can begin (the client connects or sends). */
    opener: boolean;
    /** What names the round in the fold's line (a request line). */
    token: string | undefined;
  }
  let history: Group[] = [];
  let holding: { from: number; groups: Group[] } | null = null;
  let folded: Group[][] = [];
  // A Korean particle after a number follows the number's sound ("33922는", "33936은"): masked with it.
  const maskOf = (text: string) =>
    text.replace(/\d+(\.\d+)?(은|는|이|가|을|를|과|와|으로|로)?/g, "#");

  const writeGroup = (g: Group) => {
    for (const line of g.lines) writeLine(line);
  };
  const writeFolded = () => {
    if (folded.length === 0) return;
    const rounds = folded;
    folded = [];
    const tokens = rounds
      .map((groups) => groups.find((g) => g.token !== undefined)?.token ?? "")
      .filter((t) => t !== "");
    // Rounds on one connection name it once: "GET /3 HTTP/1.1, GET /4 HTTP/1.1 · conn 50123".
    const tail = / · [^·]+$/.exec(tokens[0] ?? "")?.[0];
    const what =
      tail !== undefined && tokens.length > 1 && tokens.every((t) => t.endsWith(tail))
        ? `${tokens.map((t) => t.slice(0, -tail.length)).join(", ")}${tail}`
        : tokens.join(", ");
    const text = say("compact.folded", { count: rounds.length, rows: rounds[0]!.length, what });
    for (const piece of wrapCells(`↻ ${text}`, opts.width - 2, { hang: 2 })) {
      writeLine(`  ${chalk.dim(piece)}`);
    }
  };
  const releaseHolding = () => {
    const h = holding;
    if (!h) return;
    holding = null;
    writeFolded();
    for (const g of h.groups) {
      writeGroup(g);
      history.push(g);
    }
  };
  /** Draw everything the folder holds: a round that was still repeating, the fold's line. */
  const flushFolds = () => {
    releaseHolding();
    writeFolded();
  };
  const addGroup = (g: Group) => {
    if (holding) {
      const i = holding.from + holding.groups.length;
      if (i < history.length && history[i]!.mask === g.mask) {
        holding.groups.push(g);
        if (holding.from + holding.groups.length === history.length) {
          // The whole round again: it becomes part of the fold's line, and the next round compares with it.
          folded.push(holding.groups);
          history.push(...holding.groups);
          holding = null;
        }
        return;
      }
      releaseHolding();
    }
    if (g.opener && opts.fold !== false) {
      let from = -1;
      for (let i = history.length - 1; i >= 0; i--) {
        if (history[i]!.opener && history[i]!.mask === g.mask) {
          from = i;
          break;
        }
      }
      // A round of one row saves nothing.
      if (from >= 0 && history.length - from >= 2) {
        holding = { from, groups: [g] };
        return;
      }
    }
    writeFolded();
    writeGroup(g);
    // --serve has no steps: keep what a fold compares with bounded.
    if (history.length > 1000) history = [];
    history.push(g);
  };
  /** Draw one row (all its lines) through the folder in compact, straight out in full. */
  const row = (text: string, draw: () => void, opts: { opener?: boolean; token?: string } = {}) => {
    if (detail !== "compact" || capture) {
      draw();
      return;
    }
    capture = [];
    try {
      draw();
    } finally {
      const lines = capture;
      capture = null;
      addGroup({ lines, mask: maskOf(text), opener: opts.opener ?? false, token: opts.token });
    }
  };

  /** Lines in one actor's column (or tagged, in one-column mode). */
  const column = (actor: Actor, rows: Row[]) => {
    const side: "left" | "right" = actor === "server" ? "right" : "left";
    for (const [i, row] of rows.entries()) {
      const style = row.style ?? paint[actor];
      for (const [j, piece] of wrapCells(row.text, colWidth, row.wrap).entries()) {
        if (!twoColumns) {
          const label = i === 0 && j === 0 ? tag[actor] : "";
          emitLine(`${paint[actor](padCells(label, tagWidth))}  ${style(piece)}`.trimEnd());
        } else if (side === "left") {
          emitLine(`${style(padCells(piece, colWidth))}${chalk.dim(GUTTER.trimEnd())}`);
        } else {
          emitLine(`${" ".repeat(colWidth)}${chalk.dim(GUTTER)}${style(piece)}`);
        }
      }
    }
  };

  const fullWidth = (
    text: string,
    style: (s: string) => string,
    indent = "  ",
    wrap?: WrapOptions,
  ) => {
    for (const piece of wrapCells(text, opts.width - cells(indent), wrap)) {
      emitLine(`${indent}${style(piece)}`);
    }
  };

  const arrow = (from: Actor, label: string) => {
    if (!twoColumns) {
      // One column: the arrow names the receiver; a long label wraps under it.
      const head = `──▶ ${from === "client" ? tag.server : tag.client}`;
      const [first = "", ...rest] = wrapCells(`${head}  ${label}`, colWidth, { hang: 4 });
      const split = first.startsWith(head) ? head.length : 0;
      emitLine(
        `${paint[from](padCells(tag[from], tagWidth))}  ${chalk.bold(paint[from](first.slice(0, split)))}${chalk.dim(first.slice(split))}`,
      );
      for (const piece of rest) emitLine(`${" ".repeat(tagWidth)}  ${chalk.dim(piece)}`);
      return;
    }
    const room = opts.width - 2;
    // The label is cut by cells (a Korean or emoji payload takes two per character).
    const shown = ` ${truncateCells(label, room - 8)} `;
    const dashes = Math.max(2, room - cells(shown));
    const left = Math.floor(dashes / 2);
    const right = dashes - left;
    const body =
      from === "client"
        ? `${"─".repeat(left)}${shown}${"─".repeat(right)}▶`
        : `◀${"─".repeat(left)}${shown}${"─".repeat(right)}`;
    emitLine(` ${paint[from](body)}`);
  };

  const header = () => {
    if (headerShown || !twoColumns) return;
    headerShown = true;
    row("\u0000header", () =>
      emitLine(
        `${chalk.bold(paint.client(padCells(tag.client, colWidth)))}${chalk.dim(GUTTER)}${chalk.bold(paint.server(tag.server))}`,
      ),
    );
  };

  /**
   * Through the emulator one exchange rides two TCP connections: the client's
   * and the emulator's to the server. The server's side names both, the
   * client's id first: "conn 59452⇢58292".
   */
  const viaEmulator = new Map<number, number>();
  const connId = (conn: number | null): string => {
    const client = conn === null ? undefined : viaEmulator.get(conn);
    return client === undefined ? String(conn) : `${client}⇢${conn}`;
  };

  const dataText = (e: CallEvent) =>
    e.data !== undefined && e.bytes ? ` "${preview(escapeText(e.data))}"` : "";

  const callParams = (e: CallEvent) => ({
    local: e.local ?? "—",
    remote: e.remote ?? "—",
    bytes: e.bytes ?? 0,
    ms: e.ms ?? 0,
    data: dataText(e),
    sock: e.sock,
  });

  const callRows = (e: CallEvent): string[] => {
    const d = e.detail ?? {};
    const p = callParams(e);
    switch (e.call) {
      case "socket":
        return [say(e.proto === "udp" ? "call.socket.udp" : "call.socket.tcp", p)];
      case "setsockopt":
        return [say("call.setsockopt", { option: String(d.option ?? "") })];
      case "bind":
        if (d.implicit) return [say("call.bind.implicit", p)];
        return [say(d.ephemeral ? "call.bind.ephemeral" : "call.bind", p)];
      case "listen":
        return [say("call.listen", { ...p, backlog: Number(d.backlog ?? 0) })];
      case "accept":
        return [say("call.accept", { ...p, queued: Number(d.queuedMs ?? 0) })];
      case "connect":
        return [say("call.connect", p), say("call.connect.handshake", p)];
      case "sendto":
        return [say("call.sendto", p)];
      case "recvfrom":
        return d.truncatedFrom
          ? [
              say("call.recvfrom", p),
              say("call.recvfrom.truncated", { from: Number(d.truncatedFrom) }),
            ]
          : [say("call.recvfrom", p)];
      case "send":
        return [say("call.send", p)];
      case "recv":
        if (d.eof) return [say("call.recv.eof", p)];
        return [say("call.recv", p), ...recvReads(e)];
      case "shutdown":
        return [say("call.shutdown", p)];
      case "close":
        // A TCP connection is named by its id (the client's port), so each close can be told apart.
        return isConnClose(e)
          ? [say("call.close.conn", { ...p, conn: connId(e.conn ?? null) })]
          : [say("call.close", p)];
    }
  };

  const isConnClose = (e: CallEvent) =>
    e.proto === "tcp" && e.conn !== null && e.conn !== undefined && e.remote !== null;

  /** What the kernel did behind a recv: the read() calls it stands for, or none. */
  const recvReads = (e: CallEvent): string[] => {
    const reads = e.reads;
    if (reads === undefined) return [];
    if (reads.length === 0) return [say("call.recv.buffered")];
    if (reads.length > 1) {
      return [say("call.recv.reads", { count: reads.length, sizes: reads.join(" + ") })];
    }
    const left = Number(e.detail?.buffered ?? 0);
    if (left > 0 && reads[0] !== e.bytes) {
      return [
        say("call.recv.partial", { read: reads[0], left, bufsize: Number(e.detail?.bufsize ?? 0) }),
      ];
    }
    return [];
  };

  /** The same facts as recvReads, in a few words for the end of a compact line. */
  const recvQualifier = (e: CallEvent): string => {
    const reads = e.reads;
    if (reads === undefined) return "";
    if (reads.length === 0) return say("compact.recv.buffered");
    if (reads.length > 1) {
      return say("compact.recv.reads", { count: reads.length, sizes: reads.join(" + ") });
    }
    const left = Number(e.detail?.buffered ?? 0);
    return left > 0 && reads[0] !== e.bytes ? say("compact.recv.partial", { left }) : "";
  };

  /** "(12.5 ms)" becomes "(12.5 ms; no syscall: …)": the qualifier rides in the same parentheses. */
  const qualify = (text: string, qualifier: string) =>
    qualifier === "" ? text : text.replace(/\)$/, `; ${qualifier})`);

  /** --serve: a TCP call names its connection, since several clients' calls interleave. */
  const tagged = (e: CallEvent, text: string): string =>
    opts.connTags && e.proto === "tcp" && typeof e.conn === "number" && CONN_CALLS.has(e.call)
      ? `${text} · ${say("timeline.conn", { conn: connId(e.conn) })}`
      : text;

  /** A wait that spanned the reader's pause (a prompt, a question) says its time leaves that out. */
  const withPause = (e: CallEvent, text: string): string => {
    // Under a tenth of a second is the program's own prompt bookkeeping, not a reader's pause.
    if (!e.paused || e.paused < 100) return text;
    const note = say("call.paused", { seconds: (e.paused / 1000).toFixed(1) });
    return text.endsWith(")") ? qualify(text, note) : `${text} (${note})`;
  };

  /**
   * Explanations that say the same thing every time (the handshake inside
   * connect, the queue behind accept): in compact, only the first time.
   */
  const explained = new Set<string>();
  const once = (key: string): boolean => {
    if (!compact()) return true;
    if (explained.has(key)) return false;
    explained.add(key);
    return true;
  };

  /** A call in one line (and, the first time, the line that explains it). */
  const compactRows = (e: CallEvent): string[] => {
    const d = e.detail ?? {};
    const p = callParams(e);
    switch (e.call) {
      case "socket":
        return [say("compact.socket", { sock: e.sock, proto: e.proto.toUpperCase() })];
      case "bind":
        if (d.implicit) return [say("compact.bind.implicit", p)];
        return [say(d.ephemeral ? "compact.bind.ephemeral" : "call.bind", p)];
      case "listen":
        return [say("compact.listen", { ...p, backlog: Number(d.backlog ?? 0) })];
      case "accept": {
        const queued = Number(d.queuedMs ?? 0);
        const row = say("compact.accept", { ...p, queued });
        return once("accept") ? [row, say("compact.accept.why", { queued })] : [row];
      }
      case "connect": {
        const row = say("compact.connect", p);
        return once("connect") ? [row, say("compact.connect.handshake", p)] : [row];
      }
      case "recvfrom": {
        const row = say("compact.recvfrom", p);
        return [
          d.truncatedFrom
            ? qualify(
                row,
                say("compact.recvfrom.truncated", { ...p, from: Number(d.truncatedFrom) }),
              )
            : row,
        ];
      }
      case "recv":
        if (d.eof) return [say("compact.recv.eof", p)];
        return [qualify(say("compact.recv", p), recvQualifier(e))];
      case "shutdown":
        return [say("compact.shutdown", p)];
      case "close":
        return isConnClose(e)
          ? [say("compact.close.conn", { conn: connId(e.conn ?? null) })]
          : [say("call.close", p)];
      default:
        return callRows(e).slice(0, 1);
    }
  };

  const code: WrapOptions = { hang: CODE_HANG, code: true };

  /** The arrow of what a send put on the wire: a datagram, or bytes of the stream. */
  const wireUnit = (e: CallEvent) =>
    e.proto === "udp"
      ? say("wire.datagram", { bytes: e.bytes ?? 0 })
      : say("wire.segment", { bytes: e.bytes ?? 0 });

  /** "socket(), " when compact joined a socket() with the call that follows it on that socket. */
  let opener = "";

  const onCall = (e: CallEvent) => {
    // The emulator's own calls are told by its [simulated] note; --json keeps them.
    if (e.actor === "network") return;
    header();
    const sends = (e.call === "sendto" || e.call === "send") && e.bytes !== undefined;
    if (compact()) {
      if (sends) {
        // In compact the arrow is the call: what crossed, and which call put it there.
        const unit = wireUnit(e);
        const data = dataText(e);
        const label = tagged(
          e,
          e.call === "sendto"
            ? say("compact.sendto", { remote: e.remote ?? "—", unit, data })
            : say("compact.send", { unit, data }),
        );
        row(label, () => arrow(e.actor, label), { opener: e.actor === "client", token: label });
        return;
      }
      const [first = "", ...why] = compactRows(e);
      let text = `${opener}${tagged(e, withPause(e, first))}`;
      opener = "";
      if (e.call === "listen" && boundBefore) {
        // bind and listen on one line: the address is the bind's.
        const bind = boundBefore;
        boundBefore = null;
        const backlog = Number(e.detail?.backlog ?? 0);
        text = `${bind.opener}${compactRows(bind.call)[0] ?? ""}, listen(${backlog})`;
      }
      row(
        text,
        () => {
          column(e.actor, [
            { text, style: (s) => chalk.bold(paint[e.actor](s)), wrap: { hang: 2 } },
          ]);
          // An explanation (shown once) takes the whole width: in a column it would take three lines.
          for (const line of why) fullWidth(`› ${line}`, chalk.dim);
        },
        { opener: e.actor === "client" && e.call === "connect" },
      );
      return;
    }
    const [first = "", ...rest] = callRows(e);
    column(e.actor, [
      { text: tagged(e, withPause(e, first)), style: (s) => chalk.bold(paint[e.actor](s)) },
      ...rest.map((text) => ({ text: `  ${text}` })),
      { text: `  py   ${escapeText(e.py)}`, style: chalk.dim, wrap: code },
      { text: `  node ${escapeText(e.node)}`, style: chalk.dim, wrap: code },
    ]);
    if (sends) arrow(e.actor, `${wireUnit(e)}${dataText(e)}`);
  };

  /**
   * Header blocks drawn in full whose other side has not reported yet. The
   * sender's event usually comes first, but in one process the receiver's can
   * win the race; either way the block is drawn once and the other side gets
   * one line (none in compact, where its recv line says it).
   */
  const drawnBlocks = new Map<string, { sent: boolean; count: number }>();
  const blockKey = (e: HttpEvent) => `${e.dir}\u0000${e.startLine}\u0000${e.bodyBytes}`;
  const senderOf = (e: HttpEvent): Actor => (e.dir === "request" ? "client" : "server");

  /** Whether this block was already drawn by its other side (and count it off if so). */
  const drawnByOther = (e: HttpEvent): boolean => {
    const sent = e.actor === senderOf(e);
    const key = blockKey(e);
    const drawn = drawnBlocks.get(key);
    if (drawn && drawn.sent !== sent) {
      if (--drawn.count === 0) drawnBlocks.delete(key);
      return true;
    }
    if (drawn) drawn.count++;
    else {
      // Only --serve's foreign peers leave entries behind; keep that bounded.
      if (drawnBlocks.size > 256) drawnBlocks.clear();
      drawnBlocks.set(key, { sent, count: 1 });
    }
    return false;
  };

  /** The fields compact detail draws for this step (lower-case names), or none. */
  let stepFields: ReadonlySet<string> = new Set();

  /** Like curl -v, but across: the start line on the arrow, the fields in the sender's column. */
  const drawBlock = (e: HttpEvent, sentBy?: CallEvent) => {
    const sender = senderOf(e);
    const conn = e.conn !== null ? ` · ${say("timeline.conn", { conn: connId(e.conn) })}` : "";
    const send = sentBy ? ` · ${say("compact.send.http", { bytes: sentBy.bytes ?? 0 })}` : "";
    const label = `${escapeText(e.startLine)}${conn}${send}`;
    const fields = compact()
      ? e.headers.filter(([name]) => stepFields.has(name.toLowerCase()))
      : e.headers;
    const rows: Row[] = fields.map(([name, value]) => ({
      text: `${escapeText(name)}: ${escapeText(value)}`,
      style: paint[sender],
      wrap: { hang: 4 },
    }));
    if (!compact()) {
      const body = say("http.body", { bytes: e.bodyBytes });
      rows.push({
        text: e.body !== undefined ? `${body}  "${escapeText(e.body)}"` : body,
        style: chalk.dim,
        wrap: { hang: 4 },
      });
    }
    row(
      [label, ...rows.map((r) => r.text)].join("\n"),
      () => {
        arrow(sender, label);
        if (!compact()) column(sender, rows);
        // Compact: the few fields under their arrow, in one line across the width (a column wraps them).
        else if (rows.length > 0) {
          fullWidth(rows.map((r) => r.text).join(" · "), paint[sender], "    ", { hang: 4 });
        }
      },
      { opener: sender === "client", token: `${escapeText(e.startLine)}${conn}` },
    );
  };

  const receivedLine = (e: HttpEvent) => {
    const sent = e.actor === senderOf(e);
    const startLine = truncateCells(escapeText(e.startLine), 28);
    const params = { startLine, headers: e.headers.length, bytes: e.bodyBytes };
    const text = say(sent ? "http.sent" : "http.received", params);
    row(text, () => column(e.actor, [{ text, style: chalk.dim }]));
  };

  const onHttp = (e: HttpEvent) => {
    header();
    if (drawnByOther(e)) {
      // The sender's own report of a block the receiver drew says nothing new in compact.
      if (!compact() || e.actor !== senderOf(e)) receivedLine(e);
      return;
    }
    drawBlock(e);
  };

  /**
   * Compact joins a call with the HTTP messages it carried, which the HTTP
   * layer reports right after it (in the same turn of the event loop): a send
   * and its messages become one arrow, a recv and what the parser made of it
   * one line. The call waits here until the next event that is not one of its
   * messages, or the end of the turn.
   */
  interface Pending {
    call: CallEvent;
    messages: HttpEvent[];
  }
  let pending: Pending | null = null;
  /**
   * A socket() says little on its own: compact holds it and, when the next
   * event is that socket's connect, bind or listen, draws both in one line.
   */
  let pendingSocket: CallEvent | null = null;
  const joinsSocket = (s: CallEvent, e: TraceEvent): boolean =>
    e.kind === "call" &&
    e.actor === s.actor &&
    e.sock === s.sock &&
    (e.call === "connect" || e.call === "bind" || e.call === "listen") &&
    !e.detail?.implicit;
  const releaseSocket = () => {
    const s = pendingSocket;
    if (!s) return;
    pendingSocket = null;
    onCall(s);
  };
  /** A server's TCP bind waits for its listen the same way ("bind → …, listen(16)"). */
  let pendingBind: { call: CallEvent; opener: string } | null = null;
  /** The bind the listen being drawn joins. */
  let boundBefore: { call: CallEvent; opener: string } | null = null;
  const releaseBind = () => {
    const b = pendingBind;
    if (!b) return;
    pendingBind = null;
    opener = b.opener;
    onCall(b.call);
  };

  const carries = (p: Pending, e: HttpEvent): boolean => {
    const call = p.call;
    if (e.actor !== call.actor || (e.conn ?? null) !== (call.conn ?? null)) return false;
    if (call.call === "send") {
      // Only a send that began with this message carried it (not the tail of a cut one).
      return (
        senderOf(e) === call.actor &&
        (p.messages.length > 0 || (call.data ?? "").startsWith(e.startLine))
      );
    }
    return senderOf(e) !== call.actor;
  };

  const release = () => {
    const p = pending;
    if (!p) return;
    pending = null;
    header();
    const { call, messages } = p;
    if (call.call === "send") {
      if (messages.length === 0) {
        onCall(call);
        return;
      }
      for (const [i, m] of messages.entries()) {
        if (drawnByOther(m)) continue;
        drawBlock(m, i === 0 ? call : undefined);
      }
      return;
    }
    // recv: a block no sender drew (a peer sockstep does not narrate, or a race) is drawn first.
    for (const m of messages) if (!drawnByOther(m)) drawBlock(m);
    if (messages.length === 0) {
      onCall(call);
      return;
    }
    const requests = messages[0]!.dir === "request";
    const what = say(requests ? "compact.requests" : "compact.responses", {
      count: messages.length,
    });
    const text = qualify(
      say("compact.recv.http", { bytes: call.bytes ?? 0, ms: call.ms ?? 0, what }),
      recvQualifier(call),
    );
    row(text, () =>
      column(call.actor, [
        { text, style: (s) => chalk.bold(paint[call.actor](s)), wrap: { hang: 2 } },
      ]),
    );
  };

  /** Whether compact should hold this call for the HTTP messages that may follow it. */
  const holds = (e: CallEvent): boolean =>
    compact() &&
    e.proto === "tcp" &&
    (e.actor === "client" || e.actor === "server") &&
    ((e.call === "send" && e.bytes !== undefined) ||
      (e.call === "recv" && !e.detail?.eof && (e.bytes ?? 0) > 0));

  const onNote = (e: NoteEvent) => {
    if (e.key === "emulator.tcpConn") {
      const client = e.facts?.clientConn;
      const server = e.facts?.serverConn;
      if (typeof client === "number" && typeof server === "number") {
        if (viaEmulator.size > 4096) viaEmulator.clear();
        viaEmulator.set(server, client);
      }
      // The same sentence for every connection: the arrows' "conn a⇢b" says the rest.
      if (!once(e.key)) return;
    }
    let text = escapeText(texts.note(e));
    const f = e.facts ?? {};
    if (compact() && e.key === "emulator.tcp" && !once(e.key)) {
      // Another emulator, the model already explained: where it is and its RTT.
      text = escapeText(
        say("compact.emulator.tcp", { relay: f.relay, target: f.target, rtt: f.rttMs }),
      );
    } else if (compact() && e.key === "http.client.resend") {
      text = escapeText(say("compact.client.resend", { conn: f.conn, count: f.count }));
    } else if (
      compact() &&
      e.key === "http.server.split" &&
      typeof f.taken === "number" &&
      typeof f.count === "number" &&
      f.taken < f.count
    ) {
      // The parser's rule (where a message ends) is the full sentence's, told the first time a recv split.
      text = escapeText(
        say("compact.server.splitPartial", {
          conn: f.conn,
          count: f.count,
          bytes: f.bytes,
          taken: f.taken,
        }),
      );
    }
    if (compact() && !EVENT_NOTES.has(e.key)) {
      // The same explanation again, only its numbers changed: once is enough (in a step, or in
      // the run for the engine's explanations of what the parser and the sockets do).
      const gist = `${e.actor}\u0000${e.key}\u0000${maskOf(text)}`;
      const seen = RUN_ONCE.has(e.key) ? runNotes : stepNotes;
      if (seen.has(gist)) return;
      seen.add(gist);
    }
    row(text, () => {
      if (e.actor === "network" || e.simulated) {
        fullWidth(`≈ ${say("note.simulated")} ${text}`, chalk.yellow);
      } else if (e.actor === "lesson") {
        fullWidth(`› ${text}`, chalk.dim);
      } else if (compact()) {
        // Across the whole width, in the side's colour: a column would double its lines.
        fullWidth(`› ${text}`, (s) => chalk.dim(paint[e.actor](s)));
      } else {
        column(e.actor, [{ text: `› ${text}`, style: chalk.dim }]);
      }
    });
  };

  /** The notes shown in this step (their gist), for compact's "once is enough". */
  let stepNotes = new Set<string>();
  const runNotes = new Set<string>();

  const onStep = (e: StepEvent) => {
    history = [];
    emitLine("");
    // "── 3/7 · title ─────": a title too long for one line wraps under itself.
    const lead = `── ${e.index}/${e.total} · `;
    const pieces = wrapCells(`${lead}${escapeText(e.title)}`, opts.width - 3, {
      hang: cells(lead),
    });
    for (const [i, piece] of pieces.entries()) {
      const rule = i === pieces.length - 1 ? ` ${"─".repeat(opts.width - cells(piece) - 1)}` : "";
      emitLine(chalk.bold(`${piece}${rule}`));
    }
    for (const line of e.py ?? []) {
      fullWidth(`py  ${escapeText(line)}`, chalk.dim, "    ", { hang: 4, code: true });
    }
    stepFields = new Set((opts.stepHeaders?.(e.id) ?? []).map((name) => name.toLowerCase()));
    stepNotes = new Set();
    headerShown = false;
  };

  const onError = (e: ErrorEvent) => {
    const head = `✗ ${e.call ? `${e.call}: ` : ""}${e.code}`;
    const why = escapeText(texts.error(e));
    row(`${head}\n${why}`, () =>
      column(e.actor === "lesson" ? "client" : e.actor, [
        { text: head, style: (s) => chalk.bold(chalk.red(s)) },
        { text: `  ${why}`, style: chalk.red },
      ]),
    );
  };

  const onMeasure = (e: MeasureEvent) => {
    const model =
      e.model !== undefined ? say("measure.model", { model: e.model, unit: e.unit }) : "";
    fullWidth(`⏱ ${escapeText(e.label)}: ${e.value} ${e.unit}${model}`, chalk.bold);
  };

  const draw = (event: TraceEvent) => {
    // A step, a measure, a chart (drawn by its own renderer) or the end closes any round:
    // what the folder holds goes out first.
    if (
      event.kind === "step" ||
      event.kind === "measure" ||
      event.kind === "chart" ||
      event.kind === "end"
    ) {
      flushFolds();
    }
    switch (event.kind) {
      case "call":
        if (
          compact() &&
          event.call === "socket" &&
          (event.actor === "client" || event.actor === "server")
        ) {
          pendingSocket = event;
          return;
        }
        if (
          compact() &&
          event.call === "bind" &&
          event.proto === "tcp" &&
          event.actor === "server" &&
          !event.detail?.implicit
        ) {
          pendingBind = { call: event, opener };
          opener = "";
          return;
        }
        if (event.actor !== "network" && holds(event)) {
          pending = { call: event, messages: [] };
          // Nothing more of it comes after this turn: draw it then at the latest.
          out.later(release);
          return;
        }
        return onCall(event);
      case "http":
        return onHttp(event);
      case "note":
        return onNote(event);
      case "step":
        return onStep(event);
      case "error":
        return onError(event);
      case "measure":
        return onMeasure(event);
      case "end":
        if (held) {
          // A server that never got its address (a port in use): the reason alone says it.
          if (event.ok) for (const line of held) out.line(line);
          else shown = 0;
          held = null;
        }
        if (shown > 0) emitLine("");
        emitLine(
          event.ok
            ? chalk.green(`✓ ${say("end.ok")}`)
            : chalk.red(`✗ ${escapeText(event.reason ?? say("end.failed"))}`),
        );
        return;
    }
  };

  const ladder = ((event: TraceEvent) => {
    if (held && opts.bannerFirst) {
      const banner = opts.bannerFirst(event);
      if (banner !== null) {
        const before = held;
        held = null;
        out.line(chalk.bold(banner));
        for (const line of before) out.line(line);
      }
    }
    if (pending) {
      if (event.kind === "http" && carries(pending, event)) {
        pending.messages.push(event);
        return;
      }
      release();
    }
    if (pendingSocket) {
      if (joinsSocket(pendingSocket, event)) {
        pendingSocket = null;
        opener = "socket(), ";
      } else if (!(event.kind === "call" && event.actor === "network")) {
        releaseSocket();
      }
    }
    if (pendingBind) {
      const b = pendingBind.call;
      if (
        event.kind === "call" &&
        event.call === "listen" &&
        event.actor === b.actor &&
        event.sock === b.sock
      ) {
        boundBefore = pendingBind;
        pendingBind = null;
      } else if (!(event.kind === "call" && event.actor === "network")) {
        releaseBind();
      }
    }
    draw(event);
  }) as Ladder;
  const flush = () => {
    releaseSocket();
    releaseBind();
    release();
    flushFolds();
  };
  ladder.setDetail = (next) => {
    flush();
    detail = next;
  };
  ladder.detail = () => detail;
  ladder.flush = flush;
  return ladder;
}
