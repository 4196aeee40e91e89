import type { Actor, CallName, Facts } from "../trace/events.js";
import { type NetEnv, SockError } from "./env.js";

/** The codes src/i18n explains in plain words (error.<code>); a test keeps the two in step. */
export const EXPLAINED = new Set([
  "EADDRINUSE",
  "ECONNREFUSED",
  "ETIMEDOUT",
  "ECONNRESET",
  "EPIPE",
  "EACCES",
  "EADDRNOTAVAIL",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EMSGSIZE",
]);

/** Turn a Node error into an `error` event with its plain-language meaning, and a SockError to throw. */
export function failCall(
  env: NetEnv,
  actor: Actor,
  call: CallName,
  err: unknown,
  where: { local?: string | null; remote?: string | null } = {},
): SockError {
  const code = errorCode(err);
  // Codes with an explanation of their own; the rest show Node's message.
  const known = EXPLAINED.has(code);
  const key = known ? `error.${code}` : "error.other";
  const facts: Facts = known
    ? { remote: where.remote ?? "", local: where.local ?? "" }
    : { code, detail: err instanceof Error ? err.message : String(err) };
  env.tracer.emit({ kind: "error", actor, code, key, facts, call, ...where });
  return new SockError(code, key, facts);
}

export function errorCode(err: unknown): string {
  if (err && typeof err === "object" && "code" in err && typeof err.code === "string") {
    return err.code;
  }
  return "EUNKNOWN";
}

/**
 * A wait that sockstep gave up on with its own timer: no system call failed
 * (ETIMEDOUT is connect()'s, from the kernel). Python would raise socket.timeout.
 */
export function timedOut(
  env: NetEnv,
  actor: Actor,
  call: CallName,
  ms: number,
  local: string | null,
): SockError {
  const facts: Facts = { call, seconds: ms / 1000 };
  env.tracer.emit({ kind: "error", actor, code: TIMEOUT, key: "error.timeout", facts, local });
  return new SockError(TIMEOUT, "error.timeout", facts);
}

/** The code of a timeout of sockstep's own (a timer, not an errno). */
export const TIMEOUT = "TIMEOUT";
