import type { Subscriber } from "../trace/tracer.js";

/** `--json`: one event per line on stdout, nothing else. */
export function jsonRenderer(stream: NodeJS.WritableStream): Subscriber {
  return (event) => {
    stream.write(`${JSON.stringify(event)}\n`);
  };
}
