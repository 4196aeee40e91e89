/**
 * HTTP/1.x for the lessons, on top of sockstep's traced TCP sockets.
 *
 * Every header block that crosses the wire becomes one `http` trace event
 * (dir, startLine, headers in wire order, bodyBytes, conn, a short escaped
 * body preview), emitted by the side that sent or received it, next to the
 * `send`/`recv` call events of the TcpSocket underneath. A lesson never
 * prints: it calls these, and the renderer shows what happened.
 *
 * Exports
 *   httpServer(ctx | env, { handler, host?, port?, idleTimeoutMs?, limits?,
 *              maxRequestsPerConnection?, http10KeepAlive?, parallel?,
 *              onExchange?, name?, actor? })
 *       → HttpServer { address, url, connections, requests, done, close() }
 *     Accept loop; per connection it reads requests (pipelined ones too),
 *     calls `handler(request, info)` → ResponseInit, writes the responses in
 *     request order, keeps or closes the connection by RFC 9112 §9.3, answers
 *     bad input with 400/411/413/414/431/501/505 and closes, closes a
 *     connection with no complete request within idleTimeoutMs (408 if a
 *     request had begun). A handler that throws gets the client a 500.
 *     The server adds Date, Content-Length (from the body) and Connection
 *     (close when it closes; keep-alive for an HTTP/1.0 client it keeps).
 *     A client that sends Expect: 100-continue gets 100 Continue first.
 *     onExchange({ request, response, info, persist }) runs after each
 *     response is written: the place for a lesson's "why" notes.
 *   HttpClient(ctx | env, { host, port, reuse?, limits?, name?, actor? })
 *       .request(init) → ClientResponse   (reuses the connection if allowed;
 *                                           a GET on a connection the server
 *                                           closed meanwhile is resent once)
 *       .pipeline([init, …]) → ClientResponse[]  (back to back, answers in order)
 *       .connection, .connects, .close()
 *   HttpConnection.open(ctx | env, { host, port }) → one connection:
 *       .send(init), .read(), .request(init), .reusable, .pending, .conn, .close()
 *   RequestParser / ResponseParser: feed(bytes), next() → message | null,
 *       end() at EOF (read-until-close bodies), .midMessage, .buffered;
 *       ResponseParser.expect(method) so a HEAD response has no body.
 *   serializeRequest(init), serializeResponse(init, { method }), statusText,
 *       STATUS_TEXT, httpDate, parseHttpDate, responseHasBody
 *   keepAlive(request, response?) → { keep, reason }  (reasons: http11Default,
 *       requestClose, responseClose, http10Default, http10KeepAlive,
 *       http10NotEchoed, closeDelimited, responseHttp10; the engine message
 *       `http.persist.<reason>` says it in English and Korean), connectionTokens
 *   HeaderList: wire order, original case; get/getAll/has/add/set/delete/tokens
 *       compare names case-insensitively. get() joins repeats with ", "
 *       (use getAll for Set-Cookie).
 *   LIMITS, limitsWith, HttpError (status, violation, detail), METHODS,
 *       IDEMPOTENT_METHODS: every limit lives in limits.ts.
 *   parseUrl("http://host:port/path") → { host, port, target } | null
 *   Wire.open(ctx | env, to, { replyMs, closeMs }) → one connection for checks
 *       of a server: .send([init, …], cutAt?) writes the requests in one send
 *       (or cut in two), .read() → response | closed | timeout | notHttp,
 *       .closes(), .conn, .close()
 *
 * The connection lessons' timing (a client's requests over the emulator):
 *   routeTo(ctx, server, rttMs) → Route { server, via, host, relay }: the
 *       emulator in front of the server when rttMs > 0; upstreamError(route)
 *       → the SockError of a connection the server refused behind it, or null
 *   measureStrategy(ctx, { name, label, start, last, connects, requests,
 *       model? }, rttMs) → ms: the strategy's `measure` event, for the table
 *       and the timeline chart; waitConnectionsClosed(server, rttMs, signal)
 *   rtt-model.ts: what the emulator's cost model predicts (connections for
 *       N requests and a max, serial / pipelined / parallel times, rounds)
 *
 * Messages: HttpRequest { method, target, version, headers, body, trailers,
 * startLine, framing, headBytes, wireBodyBytes, chunkSizes? } and HttpResponse
 * { status, reason, … the same }. A ClientResponse also carries the request,
 * conn, reused, persist, and sentAt / receivedAt (trace time). `body` is a Buffer, already de-chunked.
 * ResponseInit { status, reason?, headers?, body?, framing?: "length" |
 * "chunked" | "close", chunks? }. RequestInit { method?, target?, version?,
 * headers?, body?, chunked? }. Headers may be a HeaderList, [name, value]
 * pairs, or a record.
 *
 * Example (a lesson's replay: both sides in one process):
 *
 *   import { HttpClient, httpServer } from "../../src/http/index.js";
 *
 *   const server = await httpServer(ctx, {
 *     host: ctx.opts.host,
 *     port: ctx.opts.port,
 *     handler: (req) =>
 *       req.target === "/"
 *         ? { status: 200, headers: { "Content-Type": "text/plain" }, body: "hello\n" }
 *         : { status: 404, body: "not here\n" },
 *   });
 *   const client = new HttpClient(ctx, server.address);
 *   const first = await client.request({ target: "/" });        // connect + GET
 *   const second = await client.request({ target: "/missing" }); // same connection
 *   // second.reused === true, second.persist.reason === "http11Default"
 *   client.close();
 *   await server.close();
 *
 * In --serve mode: `const s = await httpServer(ctx, {...}); await s.done;`
 * (the accept loop ends at Ctrl-C; the run closes every socket).
 */
export {
  type ClientResponse,
  ConnectionClosed,
  type ConnectionOptions,
  HttpClient,
  type HttpClientOptions,
  HttpConnection,
  hostHeader,
  parseUrl,
} from "./client.js";
export type { EnvLike } from "./env.js";
export { type HeaderInit, HeaderList } from "./headers.js";
export {
  BODY_METHODS,
  HttpError,
  IDEMPOTENT_METHODS,
  LIMITS,
  type Limits,
  limitsWith,
  METHODS,
  VIOLATION_STATUS,
  type Violation,
} from "./limits.js";
export {
  type Measurer,
  measureStrategy,
  type StrategyTiming,
  waitConnectionsClosed,
} from "./measure.js";
export type {
  Framing,
  HttpRequest,
  HttpResponse,
  HttpVersion,
  RequestInit,
  ResponseInit,
} from "./message.js";
export { RequestParser, ResponseParser } from "./parser.js";
export {
  connectionTokens,
  keepAlive,
  type Persistence,
  type PersistReason,
} from "./persistence.js";
export { type Route, routeTo, type TcpRelayMaker, upstreamError } from "./route.js";
export {
  connectionsFor,
  http10Ms,
  keepAliveMs,
  parallelMs,
  persistentMs,
  pipelinedMs,
  pipelineRounds,
  resendMs,
  sequentialMs,
  serialMs,
} from "./rtt-model.js";
export {
  httpDate,
  parseHttpDate,
  responseHasBody,
  type SerializedRequest,
  type SerializedResponse,
  STATUS_TEXT,
  serializeRequest,
  serializeResponse,
  statusText,
} from "./serialize.js";
export {
  type Exchange,
  type HttpHandler,
  type HttpServer,
  type HttpServerOptions,
  httpServer,
  type RecvSplit,
  type RequestInfo,
} from "./server.js";
export { bodyPreview, emitHttp, escapeField } from "./trace.js";
export { Wire, type WireRead, type WireTimeouts } from "./wire.js";
