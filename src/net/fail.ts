import { type MessageKey, messages } from "../i18n/messages.js";
import type { Actor, CallName } from "../trace/events.js";
import { type NetEnv, SockError } from "./env.js";

/** Turn a Node error into an `error` event with its plain-language meaning, and a SockError to throw. */
export function failCall(
  env: NetEnv,
  actor: Actor,
  call: CallName,
  err: unknown,
  where: { local?: string | null; remote?: string | null } = {},
): SockError {
  const code = errorCode(err);
  const key = `error.${code}` as MessageKey;
  const message =
    key in messages.en
      ? env.say(key, { remote: where.remote ?? "", local: where.local ?? "" })
      : env.say("error.other", { code, detail: err instanceof Error ? err.message : String(err) });
  env.tracer.emit({ kind: "error", actor, code, message, call, ...where });
  return new SockError(code, message);
}

export function errorCode(err: unknown): string {
  if (err && typeof err === "object" && "code" in err && typeof err.code === "string") {
    return err.code;
  }
  return "EUNKNOWN";
}
