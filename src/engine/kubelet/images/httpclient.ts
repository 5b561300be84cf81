/**
 * URL parsing and name resolution shared by the HTTP clients in the images (curl, wget): what
 * they print when DNS is not simulated yet, and how they reach an address.
 */
import type { Proc } from '../runtime/process';

export interface ParsedURL {
  scheme: string;
  host: string;
  port: number;
  /** Path with query, at least `/`. */
  path: string;
  /** `host:port` as given (the Host header). */
  hostHeader: string;
}

export function parseURL(raw: string): ParsedURL | undefined {
  let s = raw;
  let scheme = 'http';
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(s);
  if (m) {
    scheme = m[1]!.toLowerCase();
    s = s.slice(m[0].length);
  }
  const slash = s.search(/[/?#]/);
  const authority = slash < 0 ? s : s.slice(0, slash);
  let path = slash < 0 ? '/' : s.slice(slash);
  if (path.startsWith('?')) path = '/' + path;
  path = path.replace(/#.*$/, '') || '/';
  const at = authority.lastIndexOf('@');
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  const colon = hostPort.lastIndexOf(':');
  let host = hostPort;
  let port = scheme === 'https' ? 443 : 80;
  if (colon >= 0) {
    host = hostPort.slice(0, colon);
    const p = Number(hostPort.slice(colon + 1));
    if (!Number.isInteger(p) || p < 0 || p > 65535) return undefined;
    port = p;
  }
  if (host === '') return undefined;
  return { scheme, host, port, path, hostHeader: hostPort };
}

/** The note printed when a name would need DNS (the Networking issue brings CoreDNS answers). */
export const DNS_NOT_SIMULATED = 'breakfix: DNS resolution is not simulated yet; use a pod IP';

export function resolveHost(
  p: Proc,
  host: string,
): { ip: string } | { error: 'not-simulated' | 'NXDOMAIN' | 'SERVFAIL' | 'timeout' } {
  const r = p.resolve(host);
  if (r.ok) return { ip: r.ips[0]! };
  return { error: r.error };
}

let lastDateSecond = -1;
let lastDate = '';

/** RFC 1123 date as HTTP servers send it: `Thu, 01 Jan 2026 00:02:05 GMT` (cached per second). */
export function httpDate(ms: number): string {
  const sec = Math.floor(ms / 1000);
  if (sec !== lastDateSecond) {
    lastDateSecond = sec;
    lastDate = new Date(sec * 1000).toUTCString();
  }
  return lastDate;
}
