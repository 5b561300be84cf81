/**
 * The learner's machine's loopback network (src/api/hostnet.ts): what `kubectl port-forward`
 * binds and what `curl localhost:PORT` reaches, shared by every terminal tab of a session, plus
 * the ports Docker publishes for the kind cluster (docker-proxy, listening on 127.0.0.1).
 *
 * `localhost` is both 127.0.0.1 and ::1; a client tries ::1 first and then 127.0.0.1 (curl,
 * Go), so a server on either answers. A listener on 0.0.0.0 takes every IPv4 address, `::`
 * every address.
 */
import type {
  HostConnectionHandler,
  HostHttpOutcome,
  HostHttpRequest,
  HostListener,
  HostNetwork,
} from '../api/hostnet';

interface Entry extends HostListener {
  handler: HostConnectionHandler;
}

const family = (address: string): 'tcp4' | 'tcp6' => (address.includes(':') ? 'tcp6' : 'tcp4');
const joinHostPort = (address: string, port: number): string =>
  address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;

export class LocalHostNetwork implements HostNetwork {
  private readonly entries: Entry[] = [];
  private nextEphemeral = 49152;

  listen(
    address: string,
    port: number,
    owner: string,
    handler: HostConnectionHandler,
  ): HostListener | { error: string } {
    if (port === 0) {
      do port = this.nextEphemeral++;
      while (this.entries.some((e) => e.port === port));
    }
    const clash = this.entries.find(
      (e) =>
        e.port === port &&
        (e.address === address ||
          e.address === '0.0.0.0' ||
          address === '0.0.0.0' ||
          e.address === '::' ||
          address === '::'),
    );
    if (clash)
      return {
        error: `listen ${family(address)} ${joinHostPort(address, port)}: bind: address already in use`,
      };
    const entry: Entry = {
      address,
      port,
      owner,
      handler,
      close: () => {
        const i = this.entries.indexOf(entry);
        if (i >= 0) this.entries.splice(i, 1);
      },
    };
    this.entries.push(entry);
    return entry;
  }

  private find(address: string, port: number): Entry | undefined {
    const v6 = address.includes(':');
    return this.entries.find(
      (e) =>
        e.port === port && (e.address === address || e.address === '::' || (!v6 && e.address === '0.0.0.0')),
    );
  }

  async request(
    host: string,
    port: number,
    req: HostHttpRequest,
    opts: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<HostHttpOutcome> {
    const h = host.replace(/^\[(.*)\]$/, '$1');
    const candidates = h === 'localhost' ? ['::1', '127.0.0.1'] : h === '0.0.0.0' ? ['127.0.0.1'] : [h];
    for (const addr of candidates) {
      const e = this.find(addr, port);
      if (e) return e.handler(req, opts);
    }
    return { kind: 'refused', elapsedMs: 0 };
  }

  listeners(): readonly HostListener[] {
    return [...this.entries];
  }
}

/** Is this host name the machine itself (curl from the host reaches only these)? */
export const isLoopback = (host: string): boolean =>
  /^(localhost|127(\.\d+){3}|\[?::1\]?|0\.0\.0\.0)$/.test(host);
