/**
 * Helpers shared by the describers, each a port of the describe.go function of the same name.
 */
import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import type { LabelSelector, OwnerReference } from '../../api/types';
import { humanDuration } from '../../apimachinery/duration';
import { LEVEL_0, type PrefixWriter } from './writer';

/** Go's sort.Strings order (byte-wise for the ASCII names Kubernetes uses). */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const sortedKeys = (m: Record<string, unknown> | undefined | null): string[] =>
  Object.keys(m ?? {}).sort(compareStrings);

/** A timestamp as ms since the epoch, or undefined for a zero / missing time. */
export function parseTime(ts: unknown): number | undefined {
  if (typeof ts !== 'string' || ts === '') return undefined;
  const ms = Date.parse(ts);
  return Number.isNaN(ms) ? undefined : ms;
}

/** translateTimestampSince / translateMicroTimestampSince. */
export function translateTimestampSince(ts: unknown, now: number): string {
  const t = parseTime(ts);
  return t === undefined ? '<unknown>' : humanDuration(now - t);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * time.RFC1123Z (`Mon, 02 Jan 2006 15:04:05 -0700`). API timestamps are UTC, so the zone is always
 * +0000; a zero time prints as Go's zero time, as describe does for unset fields.
 */
export function formatRFC1123Z(ts: unknown): string {
  const t = parseTime(ts);
  if (t === undefined) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const d = new Date(t);
  return (
    `${DAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`
  );
}

/** Go's metav1.Time String() (`2006-01-02 15:04:05 -0700 MST`), as `%s` of a Time prints. */
export function formatGoTime(ts: unknown): string {
  const t = parseTime(ts);
  if (t === undefined) return '0001-01-01 00:00:00 +0000 UTC';
  const d = new Date(t);
  return (
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000 UTC`
  );
}

/** printLabelsMultilineWithIndent: `Title:\tk=v` then one aligned `k=v` per line, `<none>` if empty. */
export function printLabelsMultilineWithIndent(
  w: PrefixWriter,
  initialIndent: string,
  title: string,
  innerIndent: string,
  labels: Record<string, string> | undefined | null,
  skip: Set<string> = new Set(),
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = sortedKeys(labels).filter((k) => !skip.has(k));
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    w.write(LEVEL_0, `${key}=${labels![key]}\n`);
  });
}

export function printLabelsMultiline(
  w: PrefixWriter,
  title: string,
  labels: Record<string, string> | undefined | null,
): void {
  printLabelsMultilineWithIndent(w, '', title, '\t', labels);
}

/** Annotations never shown by describe. */
const skipAnnotations = new Set(['kubectl.kubernetes.io/last-applied-configuration']);
const maxAnnotationLen = 140;

const shorten = (s: string, max: number): string => (s.length > max ? s.slice(0, max) + '...' : s);

/** printAnnotationsMultiline: long or multi-line values go on their own indented lines. */
export function printAnnotationsMultiline(
  w: PrefixWriter,
  title: string,
  annotations: Record<string, string> | undefined | null,
): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = sortedKeys(annotations).filter((k) => !skipAnnotations.has(k));
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    const value = annotations![key]!.replace(/\n$/, '');
    if (value.length + key.length + 2 > maxAnnotationLen || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(LEVEL_0, `${indent}  ${shorten(s, maxAnnotationLen - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

/** Taint.ToString(): `key=value:Effect`, `key:Effect`, `key=value:`, `key`. */
export function taintString(t: Taint): string {
  if (!t.effect) return t.value ? `${t.key}=${t.value}:` : t.key;
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

/** printTaintsMultilineWithIndent: taints sorted by `effect,key`. */
export function printNodeTaintsMultiline(w: PrefixWriter, title: string, taints: Taint[] | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  const list = [...(taints ?? [])];
  if (list.length === 0) {
    w.writeLine('<none>');
    return;
  }
  list.sort((a, b) => compareStrings(`${a.effect},${a.key}`, `${b.effect},${b.key}`));
  list.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

/** printTolerationsMultilineWithIndent: `key[=value][:Effect][ op=Exists][ for Ns]`, sorted by key. */
export function printTolerationsMultilineWithIndent(
  w: PrefixWriter,
  initialIndent: string,
  title: string,
  innerIndent: string,
  tolerations: Toleration[] | undefined,
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const list = [...(tolerations ?? [])];
  if (list.length === 0) {
    w.writeLine('<none>');
    return;
  }
  list.sort((a, b) => compareStrings(a.key ?? '', b.key ?? ''));
  list.forEach((t, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    // `operator: Exists` with no key and no effect tolerates everything.
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (typeof t.tolerationSeconds === 'number') s += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

/** printController: `Kind/name` of the controlling owner reference, or ''. */
export function printController(ownerReferences: OwnerReference[] | undefined): string {
  const ref = (ownerReferences ?? []).find((r) => r.controller === true);
  return ref ? `${ref.kind}/${ref.name}` : '';
}

/** printBool / printBoolPtr. */
export const printBool = (v: boolean | undefined): string => (v ? 'True' : 'False');
export const printBoolPtr = (v: boolean | undefined | null): string =>
  typeof v === 'boolean' ? printBool(v) : '<unset>';

export const stringOrNone = (s: string): string => (s.length > 0 ? s : '<none>');

/** labels.FormatLabels: sorted `k=v` strings joined by `,`, `<none>` when empty. */
export function formatLabels(map: Record<string, string> | undefined | null): string {
  const pairs = Object.entries(map ?? {}).map(([k, v]) => `${k}=${v}`);
  return pairs.length === 0 ? '<none>' : pairs.sort(compareStrings).join(',');
}

function requirementString(key: string, op: string, values: string[]): string {
  switch (op) {
    case 'DoesNotExist':
      return `!${key}`;
    case 'Exists':
      return key;
    case '=':
      return `${key}=${values[0] ?? ''}`;
    default: {
      const vals = values.length === 1 ? values[0] : [...values].sort(compareStrings).join(',');
      return `${key}${op === 'In' ? ' in ' : ' notin '}(${vals})`;
    }
  }
}

/**
 * metav1.LabelSelectorAsSelector(sel).String(): `''` for nil or empty selectors, undefined if an
 * expression has an unknown operator.
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
  reqs.sort((a, b) => compareStrings(a.key, b.key));
  return reqs.map((r) => r.text).join(',');
}

/** metav1.FormatLabelSelector: `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  const s = labelSelectorString(sel);
  if (s === undefined) return '<error>';
  return s === '' ? '<none>' : s;
}

/** intstr.IntOrString.String(). */
export const intOrString = (v: unknown): string =>
  typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '0';

/** net.JoinHostPort. */
export const joinHostPort = (host: string, port: string | number): string =>
  host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
