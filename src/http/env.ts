import type { NetEnv } from "../net/env.js";

/** A lesson's context (which carries its env) or the env itself. */
export type EnvLike = NetEnv | { env: NetEnv };

export function envOf(x: EnvLike): NetEnv {
  return "env" in x ? x.env : x;
}
