/**
 * genericDescriber: what `kubectl describe` prints for kinds without a dedicated describer (Lease,
 * Event, custom resources …): name, namespace, labels, annotations, then every other field of
 * the object as an indented tree with "smart" labels (`holderIdentity` → `Holder Identity`).
 */
import type { KubeObject } from '../../api/types';
import type { DescribeClient } from './client';
import { describeEvents, searchEvents } from './events';
import { compareStrings, printAnnotationsMultiline, printLabelsMultiline } from './helpers';
import type { DescribeSettings } from './types';
import { LEVEL_0, tabbedStringSync, type PrefixWriter } from './writer';

/** How the generic describer reaches the object (from the REST mapping). */
export interface GenericMapping {
  groupVersion: string;
  resource: string;
}

const isLower = (r: string): boolean => r !== r.toUpperCase() && r === r.toLowerCase();
const isUpper = (r: string): boolean => r !== r.toLowerCase() && r === r.toUpperCase();
const isDigit = (r: string): boolean => /^\p{Nd}$/u.test(r);
const isLetter = (r: string): boolean => /^\p{L}$/u.test(r);

/** github.com/fatih/camelcase Split: runs of lower / upper / digit / other, `PDFLoader` → PDF Loader. */
export function camelcaseSplit(src: string): string[] {
  const runs: string[][] = [];
  let lastClass = 0;
  for (const r of src) {
    const cls = isLower(r) ? 1 : isUpper(r) ? 2 : isDigit(r) ? 3 : 4;
    if (cls === lastClass) runs[runs.length - 1]!.push(r);
    else runs.push([r]);
    lastClass = cls;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (isUpper(runs[i]![0]!) && isLower(runs[i + 1]![0]!)) {
      runs[i + 1]!.unshift(runs[i]!.pop()!);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}

const commonAcronyms = ['API', 'URL', 'UID', 'OSB', 'GUID'];

/** strings.Title: the first letter of each word upper-cased. */
const title = (s: string): string =>
  s.replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_, pre: string, c: string) => pre + c.toUpperCase());

/** smartLabelFor: `apiVersion` → `API Version`; field names with other characters stay as they are. */
export function smartLabelFor(field: string): string {
  for (const r of field) if (!isLetter(r) && r !== '-') return field;
  const parts: string[] = [];
  for (const part of camelcaseSplit(field)) {
    if (part === '_') continue;
    parts.push(commonAcronyms.includes(part.toUpperCase()) ? part.toUpperCase() : title(part));
  }
  return parts.join(' ');
}

/** Go's %v of a decoded JSON value (integers are int64, other numbers float64 printed like %g). */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return String(v);
    const [mant, expStr] = v.toExponential().split('e') as [string, string];
    const exp = Number(expStr);
    // strconv.FormatFloat(v, 'g', -1, 64): exponent form when exp < -4 or exp >= 6 (shortest)
    if (exp < -4 || exp >= 6) {
      const sign = exp < 0 ? '-' : '+';
      return `${mant}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
    }
    return String(v);
  }
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** printUnstructuredContent: fields sorted, maps and lists nested one level deeper. */
export function printUnstructuredContent(
  w: PrefixWriter,
  level: number,
  content: Record<string, unknown>,
  skipPrefix: string,
  skip: string[],
): void {
  for (const field of Object.keys(content).sort(compareStrings)) {
    const value = content[field];
    const skipExpr = `${skipPrefix}.${field}`;
    if (skip.includes(skipExpr)) continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructuredContent(w, level + 1, value as Record<string, unknown>, skipExpr, skip);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (child !== null && typeof child === 'object' && !Array.isArray(child)) {
          printUnstructuredContent(w, level + 1, child as Record<string, unknown>, skipExpr, skip);
        } else {
          w.write(level + 1, `${goValue(child)}\n`);
        }
      }
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goValue(value)}\n`);
    }
  }
}

export async function describeGeneric(
  client: DescribeClient,
  mapping: GenericMapping,
  namespace: string,
  name: string,
  settings: DescribeSettings,
): Promise<string> {
  const obj = await client.get<KubeObject>(
    mapping.groupVersion,
    mapping.resource,
    namespace || undefined,
    name,
  );
  const events = settings.showEvents
    ? await searchEvents(client, {
        kind: obj.kind,
        name: obj.metadata.name ?? name,
        namespace: obj.metadata.namespace ?? '',
        uid: obj.metadata.uid,
      })
    : undefined;
  return describeGenericObject(obj, events, settings.now);
}

export function describeGenericObject(
  obj: KubeObject,
  events: Parameters<typeof describeEvents>[0] | undefined,
  now: number,
): string {
  return tabbedStringSync((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    printUnstructuredContent(w, LEVEL_0, obj as unknown as Record<string, unknown>, '', [
      '.metadata.managedFields',
      '.metadata.name',
      '.metadata.namespace',
      '.metadata.labels',
      '.metadata.annotations',
    ]);
    if (events) describeEvents(events, w, now);
  });
}
