/**
 * host-local IPAM, as kindnet configures it on every kind node: each node hands out pod IPs from
 * its own podCIDR (10.244.<n>.0/24), `.1` being the bridge gateway. Like the host-local plugin it
 * remembers the last address it reserved and continues after it, wrapping around at the end of
 * the range, so a freed address is not reused at once (a new pod rarely gets a dead pod's IP).
 */

/** `10.244.1.0/24` → the usable host addresses `.2` … `.254` as numbers, plus the prefix. */
export function parseCIDR(cidr: string): { base: number; size: number } {
  const [addr, bitsStr] = cidr.split('/') as [string, string | undefined];
  const bits = Number(bitsStr ?? '32');
  const base = ipToNumber(addr);
  const size = 2 ** (32 - bits);
  return { base: base - (base % size), size };
}

export function ipToNumber(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return NaN;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

export function numberToIP(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function cidrContains(cidr: string, ip: string): boolean {
  const { base, size } = parseCIDR(cidr);
  const n = ipToNumber(ip);
  return n >= base && n < base + size;
}

export class HostLocalIPAM {
  private readonly base: number;
  private readonly size: number;
  private readonly used = new Map<string, string>();
  private last: number;

  constructor(readonly cidr: string) {
    const { base, size } = parseCIDR(cidr);
    this.base = base;
    this.size = size;
    // rangeStart is .2 (.1 is the gateway): the first allocation gives .2
    this.last = base + 1;
  }

  /** Reserve the next free address for `owner`; undefined when the range is exhausted. */
  allocate(owner: string): string | undefined {
    const first = this.base + 2;
    const lastUsable = this.base + this.size - 2;
    const span = lastUsable - first + 1;
    for (let i = 1; i <= span; i++) {
      let candidate = this.last + i;
      if (candidate > lastUsable) candidate = first + ((candidate - first) % span);
      const ip = numberToIP(candidate);
      if (!this.used.has(ip)) {
        this.used.set(ip, owner);
        this.last = candidate;
        return ip;
      }
    }
    return undefined;
  }

  /** Take an address that is already in use (a pod that existed before the kubelet started). */
  reserve(ip: string, owner: string): void {
    this.used.set(ip, owner);
    const n = ipToNumber(ip);
    if (n > this.last) this.last = n;
  }

  release(ip: string): void {
    this.used.delete(ip);
  }

  inUse(): number {
    return this.used.size;
  }
}
