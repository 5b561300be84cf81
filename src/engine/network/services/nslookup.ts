/**
 * busybox 1.36 `nslookup` (networking/nslookup.c, FEATURE_NSLOOKUP_BIG): its own resolver, not
 * libc's, which is why its output surprises people on Kubernetes:
 *
 *  - the search list of /etc/resolv.conf is used only for names without any dot, and then every
 *    search domain is queried (`nslookup web` asks web.default.svc.cluster.local,
 *    web.svc.cluster.local and web.cluster.local, for A and for AAAA);
 *  - a dotted name is asked as it is: `nslookup kubernetes.default` goes upstream and fails,
 *    `nslookup kubernetes.default.svc.cluster.local` works; ndots plays no part;
 *  - every reply is printed as it arrives: `** server can't find NAME: NXDOMAIN` for the misses,
 *    `Name:`/`Address:` for the hits, an empty line after each (so an AAAA query with no records
 *    leaves just an empty line); any failed query makes the exit status 1.
 *
 * The applet itself lives with the busybox image (src/engine/kubelet/images); it calls this with
 * its arguments, /etc/resolv.conf and a way to send one query.
 */
import type { DnsOutcome, RRType } from './dns';
import { parseResolvConf } from './dns';

export interface NslookupResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Simulated time the command took (the 5 s per-server timeout when nothing answers). */
  elapsedMs: number;
}

const QTYPES: RRType[] = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SRV', 'PTR', 'ANY', 'NS', 'SOA'];
const USAGE =
  'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,any,srv,ptr\n';

function makePtr(addr: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(addr);
  if (!m || m.slice(1).some((x) => Number(x) > 255)) return undefined;
  return `${m[4]}.${m[3]}.${m[2]}.${m[1]}.in-addr.arpa`;
}

export function runBusyboxNslookup(
  args: readonly string[],
  resolvConf: string | undefined,
  send: (server: string, name: string, type: RRType) => DnsOutcome,
): NslookupResult {
  const types: RRType[] = [];
  let timeoutS = 5;
  let retry = 2;
  let i = 0;
  for (; i < args.length && args[i]!.startsWith('-'); i++) {
    const [opt, val = ''] = args[i]!.slice(1).split(/=(.*)/s, 2) as [string, string?];
    if (opt === 'type' || opt === 'querytype') {
      const t = QTYPES.find((q) => q.toLowerCase() === val.toLowerCase());
      if (!t)
        return { stdout: '', stderr: `nslookup: invalid query type "${val}"\n`, exitCode: 1, elapsedMs: 0 };
      if (!types.includes(t)) types.push(t);
    } else if (opt === 't' || opt === 'timeout') timeoutS = Math.max(1, Number(val) || 1);
    else if (opt === 'retry') retry = Math.max(1, Number(val) || 1);
    else if (opt === 'port' || opt === 'debug') continue;
    else return { stdout: '', stderr: USAGE, exitCode: 1, elapsedMs: 0 };
  }
  const rest = args.slice(i);
  if (rest.length === 0 || rest.length > 2) return { stdout: '', stderr: USAGE, exitCode: 1, elapsedMs: 0 };
  void retry;
  const name = rest[0]!;
  const conf = parseResolvConf(resolvConf ?? '');
  const servers = rest[1] ? [rest[1]] : conf.nameservers.length ? conf.nameservers : ['127.0.0.1'];
  // busybox keeps the search line only; ndots is ignored
  const search = conf.search;
  const queries: { name: string; type: RRType }[] = [];
  const addWithSearch = (type: RRType) => {
    if (type === 'PTR' || search.length === 0 || name.includes('.')) queries.push({ name, type });
    else for (const d of search) queries.push({ name: `${name}.${d}`, type });
  };
  if (types.length === 0) {
    const ptr = makePtr(name);
    if (ptr) queries.push({ name: ptr, type: 'PTR' });
    else {
      addWithSearch('A');
      addWithSearch('AAAA');
    }
  } else for (const t of QTYPES) if (types.includes(t)) addWithSearch(t);

  let out = '';
  let exitCode = 0;
  let elapsedMs = 0;
  for (const server of servers) {
    const replies = queries.map((q) => send(server, q.name, q.type));
    if (replies.every((r) => typeof r === 'string')) {
      elapsedMs += timeoutS * 1000;
      continue;
    }
    out += `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
    replies.forEach((r, n) => {
      const q = queries[n]!;
      if (typeof r === 'string') {
        out += `*** Can't find ${q.name}: No answer\n\n`;
        return;
      }
      if (r.rcode !== 'NOERROR') {
        out += `** server can't find ${q.name}: ${r.rcode}\n\n`;
        exitCode = 1;
        return;
      }
      if (!r.authoritative) out += 'Non-authoritative answer:\n';
      for (const rr of r.answers) {
        if (rr.type === 'A' || rr.type === 'AAAA') out += `Name:\t${rr.name}\nAddress: ${rr.data}\n`;
        else if (rr.type === 'CNAME') out += `${rr.name}\tcanonical name = ${rr.data}\n`;
        else if (rr.type === 'PTR') out += `${rr.name}\tname = ${rr.data}\n`;
        else if (rr.type === 'NS') out += `${rr.name}\tnameserver = ${rr.data}\n`;
        else if (rr.type === 'SRV') out += `${rr.name}\tservice = ${rr.data}\n`;
      }
      out += '\n';
    });
    return { stdout: out, stderr: '', exitCode, elapsedMs };
  }
  return {
    stdout: ';; connection timed out; no servers could be reached\n\n',
    stderr: '',
    exitCode: 1,
    elapsedMs,
  };
}
