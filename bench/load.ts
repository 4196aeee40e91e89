/**
 * The load generator of bench/throughput.ts, in a process of its own so it
 * never shares an event loop with a server it measures. Each connection is a
 * browser: its first request has no cookie and gets one, the next
 * `perVisitor - 1` send it back; then a new visitor on the same connection.
 * Prints autocannon's result as one JSON line.
 */
import { createRequire } from "node:module";

interface Request {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  setupRequest?: (req: Request, context: Visitor) => Request;
  onResponse?: (
    status: number,
    body: string,
    context: Visitor,
    headers: Record<string, string>,
  ) => void;
}
interface Visitor {
  sid?: string;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  amount: number;
  sampleInt: number;
  requests: Request[];
}) => Promise<unknown>;

const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;
const [url, connections, amount, perVisitor] = process.argv.slice(2);

const first: Request = {
  method: "GET",
  path: "/",
  onResponse(_status, _body, context, headers) {
    for (const [name, value] of Object.entries(headers)) {
      const m = name.toLowerCase() === "set-cookie" ? /^sid=([^;]*)/.exec(value) : null;
      if (m) context.sid = m[1];
    }
  },
};
const again: Request = {
  method: "GET",
  path: "/",
  setupRequest: (req, context) =>
    context.sid ? { ...req, headers: { ...req.headers, Cookie: `sid=${context.sid}` } } : req,
};

const result = await autocannon({
  url: url!,
  connections: Number(connections),
  amount: Number(amount),
  // autocannon notices that the amount is done on its sampling tick: 1 s by default, which
  // would round a 2.1 s run up to 3 s.
  sampleInt: 50,
  requests: [first, ...Array.from({ length: Number(perVisitor) - 1 }, () => again)],
});
process.stdout.write(`${JSON.stringify(result)}\n`);
