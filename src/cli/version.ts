import { readFileSync } from "node:fs";

/** sockstep's version, from the package it was installed from (read only when asked). */
export function version(): string {
  const pkg = JSON.parse(
    readFileSync(new URL("../../../package.json", import.meta.url), "utf8"),
  ) as { version: string };
  return pkg.version;
}
