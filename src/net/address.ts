/** An endpoint as the lecture writes it: (host, port). */
export interface Addr {
  host: string;
  port: number;
}

/** `ip:port`, or `[v6]:port`, as in the trace. */
export function formatAddr(addr: Addr | null | undefined): string | null {
  if (!addr) return null;
  return addr.host.includes(":") ? `[${addr.host}]:${addr.port}` : `${addr.host}:${addr.port}`;
}

/** The Python tuple for an address: ('127.0.0.1', 12000). */
export function pyAddr(addr: Addr): string {
  return `('${addr.host}', ${addr.port})`;
}

export class AddrError extends Error {}

/** Parse `host:port`, `[v6]:port` or a bare port (meaning 127.0.0.1). */
export function parseAddr(text: string, defaultHost = "127.0.0.1"): Addr {
  const trimmed = text.trim();
  let host = defaultHost;
  let portText = trimmed;
  const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(trimmed);
  if (v6) {
    host = v6[1]!;
    portText = v6[2]!;
  } else if (trimmed.includes(":")) {
    const at = trimmed.lastIndexOf(":");
    host = trimmed.slice(0, at) || defaultHost;
    portText = trimmed.slice(at + 1);
  }
  return { host, port: parsePort(portText) };
}

export function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text)) throw new AddrError(text);
  const port = Number(text);
  if (port > 65535) throw new AddrError(text);
  return port;
}
