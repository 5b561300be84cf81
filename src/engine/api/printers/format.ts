/**
 * Small formatting helpers shared by the server-side printers, each a port of the Go function named
 * in its comment (k8s.io/kubernetes/pkg/printers/internalversion/printers.go and apimachinery).
 */
import type { LabelSelector } from '../../../api/types';
import { humanDuration } from '../../../apimachinery/duration';

/** A Kubernetes timestamp (RFC3339 / MicroTime) as ms since the epoch; undefined for a zero time. */
export function parseTime(ts: unknown): number | undefined {
  if (typeof ts !== 'string' || ts === '') return undefined;
  const ms = Date.parse(ts);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * translateTimestampSince: `<unknown>` for a zero timestamp, otherwise HumanDuration(now - t).
 * The server reads its own clock for this (time.Since); the simulator passes the simulated `now`.
 */
export function translateTimestampSince(ts: unknown, now: number): string {
  const t = parseTime(ts);
  if (t === undefined) return '<unknown>';
  return humanDuration(now - t);
}

/** labels.FormatLabels: `k=v` pairs sorted as strings and joined by `,`; `<none>` when empty. */
export function formatLabels(map: Record<string, string> | undefined | null): string {
  const pairs = Object.entries(map ?? {}).map(([k, v]) => `${k}=${v}`);
  if (pairs.length === 0) return '<none>';
  return pairs.sort(compareStrings).join(',');
}

/** Go's byte-wise string ordering (sort.Strings), not the locale-aware one. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One requirement of a label selector, as labels.Requirement.String() prints it. */
function requirementString(key: string, op: string, values: string[]): string {
  switch (op) {
    case 'DoesNotExist':
      return `!${key}`;
    case 'Exists':
      return key;
    case '=':
      return `${key}=${values[0] ?? ''}`;
    case 'In':
    case 'NotIn': {
      const word = op === 'In' ? ' in ' : ' notin ';
      const vals = values.length === 1 ? values[0] : [...values].sort(compareStrings).join(',');
      return `${key}${word}(${vals})`;
    }
    default:
      return `${key}${op}${values.join(',')}`;
  }
}

/**
 * metav1.LabelSelectorAsSelector(...).String(): matchLabels become `k=v`, matchExpressions
 * `k in (a,b)`, `k notin (a)`, `k`, `!k`; all requirements sorted by key. Returns `undefined` for
 * an invalid selector (an unknown operator) and `''` for an empty or missing one.
 */
export function labelSelectorString(sel: LabelSelector | undefined | null): string | undefined {
  if (!sel) return '';
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {}))
    reqs.push({ key: k, text: requirementString(k, '=', [v]) });
  for (const e of sel.matchExpressions ?? []) {
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(e.operator)) return undefined;
    reqs.push({ key: e.key, text: requirementString(e.key, e.operator, e.values ?? []) });
  }
  // sort.Sort(ByKey(reqs)); a stable sort keeps equal keys in insertion order.
  reqs.sort((a, b) => compareStrings(a.key, b.key));
  return reqs.map((r) => r.text).join(',');
}

/** metav1.FormatLabelSelector: the selector string, `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  const s = labelSelectorString(sel);
  if (s === undefined) return '<error>';
  return s === '' ? '<none>' : s;
}

/** intstr.IntOrString.String(). */
export function intOrStringString(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  return '0';
}

/** layoutContainerCells: container names and images, each comma-joined without spaces. */
export function layoutContainerCells(
  containers: { name?: string; image?: string }[] | undefined,
): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? '').join(','), list.map((c) => c.image ?? '').join(',')];
}

/** printBoolPtr: `True` / `False`, `<unset>` for nil. */
export function printBoolPtr(v: unknown): string {
  if (typeof v !== 'boolean') return '<unset>';
  return v ? 'True' : 'False';
}

/** An integer cell (the Go printers append int64 values; missing fields are 0). */
export function int(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** `%s + %d more...` list truncation used by several printers (listWithMoreString). */
export function listWithMoreString(list: string[], more: boolean, count: number, max: number): string {
  const ret = list.join(',');
  if (more) return `${ret} + ${count - max} more...`;
  return ret === '' ? '<unset>' : ret;
}

/** net.JoinHostPort: IPv6 addresses are bracketed. */
export function joinHostPort(host: string, port: string | number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
