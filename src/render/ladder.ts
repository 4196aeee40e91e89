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

export interface LadderOptions {
  width: number;
  chalk: ChalkInstance;
  texts: Texts;
  /** Hold output until the server's listening address is known, and print that first (--serve). */
  bannerFirst?: (event: TraceEvent) => string | null;
}

const GUTTER = " │ ";
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
export function ladderRenderer(out: Output, opts: LadderOptions): Subscriber {
  const { chalk, texts } = opts;
  const say = texts.say;
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
  const emitLine = (text: string) => {
    shown++;
    if (held) held.push(text);
    else out.line(text);
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
    emitLine(
      `${chalk.bold(paint.client(padCells(tag.client, colWidth)))}${chalk.dim(GUTTER)}${chalk.bold(paint.server(tag.server))}`,
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

  const callRows = (e: CallEvent): string[] => {
    const d = e.detail ?? {};
    const p = {
      local: e.local ?? "—",
      remote: e.remote ?? "—",
      bytes: e.bytes ?? 0,
      ms: e.ms ?? 0,
      data: dataText(e),
      sock: e.sock,
    };
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
        return e.proto === "tcp" && e.conn !== null && e.conn !== undefined && e.remote
          ? [say("call.close.conn", { ...p, conn: connId(e.conn) })]
          : [say("call.close", p)];
    }
  };

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

  const code: WrapOptions = { hang: CODE_HANG, code: true };

  const onCall = (e: CallEvent) => {
    // The emulator's own calls are told by its [simulated] note; --json keeps them.
    if (e.actor === "network") return;
    header();
    const [first = "", ...rest] = callRows(e);
    column(e.actor, [
      { text: first, style: (s) => chalk.bold(paint[e.actor](s)) },
      ...rest.map((text) => ({ text: `  ${text}` })),
      { text: `  py   ${escapeText(e.py)}`, style: chalk.dim, wrap: code },
      { text: `  node ${escapeText(e.node)}`, style: chalk.dim, wrap: code },
    ]);
    if ((e.call === "sendto" || e.call === "send") && e.bytes !== undefined) {
      const unit =
        e.proto === "udp"
          ? say("wire.datagram", { bytes: e.bytes })
          : say("wire.segment", { bytes: e.bytes });
      arrow(e.actor, `${unit}${dataText(e)}`);
    }
  };

  /**
   * Header blocks drawn in full whose other side has not reported yet. The
   * sender's event usually comes first, but in one process the receiver's can
   * win the race; either way the block is drawn once and the other side gets
   * one line.
   */
  const drawnBlocks = new Map<string, { sent: boolean; count: number }>();
  const blockKey = (e: HttpEvent) => `${e.dir}\u0000${e.startLine}\u0000${e.bodyBytes}`;

  const onHttp = (e: HttpEvent) => {
    header();
    const sender: Actor = e.dir === "request" ? "client" : "server";
    const sent = e.actor === sender;
    const key = blockKey(e);
    const drawn = drawnBlocks.get(key);
    if (drawn && drawn.sent !== sent) {
      if (--drawn.count === 0) drawnBlocks.delete(key);
      const startLine = truncateCells(escapeText(e.startLine), 28);
      const params = { startLine, headers: e.headers.length, bytes: e.bodyBytes };
      column(e.actor, [
        { text: say(sent ? "http.sent" : "http.received", params), style: chalk.dim },
      ]);
      return;
    }
    if (drawn) drawn.count++;
    else {
      // Only --serve's foreign peers leave entries behind; keep that bounded.
      if (drawnBlocks.size > 256) drawnBlocks.clear();
      drawnBlocks.set(key, { sent, count: 1 });
    }
    // Like curl -v, but across: the start line on the arrow, the fields in the sender's column.
    const conn = e.conn !== null ? ` · ${say("timeline.conn", { conn: connId(e.conn) })}` : "";
    arrow(sender, `${escapeText(e.startLine)}${conn}`);
    const rows: Row[] = e.headers.map(([name, value]) => ({
      text: `${escapeText(name)}: ${escapeText(value)}`,
      style: paint[sender],
      wrap: { hang: 4 },
    }));
    const body = say("http.body", { bytes: e.bodyBytes });
    rows.push({
      text: e.body !== undefined ? `${body}  "${escapeText(e.body)}"` : body,
      style: chalk.dim,
      wrap: { hang: 4 },
    });
    column(sender, rows);
  };

  const onNote = (e: NoteEvent) => {
    if (e.key === "emulator.tcpConn") {
      const client = e.facts?.clientConn;
      const server = e.facts?.serverConn;
      if (typeof client === "number" && typeof server === "number") {
        if (viaEmulator.size > 4096) viaEmulator.clear();
        viaEmulator.set(server, client);
      }
    }
    if (e.actor === "network" || e.simulated) {
      fullWidth(`≈ ${say("note.simulated")} ${escapeText(texts.note(e))}`, chalk.yellow);
    } else if (e.actor === "lesson") {
      fullWidth(`› ${escapeText(texts.note(e))}`, chalk.dim);
    } else {
      column(e.actor, [{ text: `› ${escapeText(texts.note(e))}`, style: chalk.dim }]);
    }
  };

  const onStep = (e: StepEvent) => {
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
    headerShown = false;
  };

  const onError = (e: ErrorEvent) => {
    column(e.actor === "lesson" ? "client" : e.actor, [
      { text: `✗ ${e.call ? `${e.call}: ` : ""}${e.code}`, style: (s) => chalk.bold(chalk.red(s)) },
      { text: `  ${escapeText(texts.error(e))}`, style: chalk.red },
    ]);
  };

  const onMeasure = (e: MeasureEvent) => {
    const model =
      e.model !== undefined ? say("measure.model", { model: e.model, unit: e.unit }) : "";
    fullWidth(`⏱ ${escapeText(e.label)}: ${e.value} ${e.unit}${model}`, chalk.bold);
  };

  return (event) => {
    if (held && opts.bannerFirst) {
      const banner = opts.bannerFirst(event);
      if (banner !== null) {
        const before = held;
        held = null;
        out.line(chalk.bold(banner));
        for (const line of before) out.line(line);
      }
    }
    switch (event.kind) {
      case "call":
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
}
