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

/** The host part of `ip:port` or `[v6]:port`, as the trace writes addresses. */
export function hostOf(addr: string): string {
  const v6 = /^\[([^\]]+)\]:\d+$/.exec(addr);
  if (v6) return v6[1]!;
  const at = addr.lastIndexOf(":");
  return at > 0 && !addr.slice(0, at).includes(":") ? addr.slice(0, at) : addr;
}

/** Only this machine can reach it: 127.0.0.0/8, ::1, or 127.x mapped into IPv6. The wildcards are not. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  if (h === "localhost" || h === "::1") return true;
  const v4 = h.startsWith("::ffff:") ? h.slice(7) : h;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}
