/**
 * Go's `json.Marshal` for plain data: compact and HTML-safe (`<`, `>`, `&`, U+2028 and U+2029
 * escaped as \u003c …). kubectl hashes and embeds such documents (`--append-hash`,
 * `.dockerconfigjson`, the last-applied annotation), so the bytes must be Go's, not
 * JSON.stringify's.
 */

function escapeGo(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function encode(value: unknown, sorted: boolean): string {
  if (value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => encode(v, sorted)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const rec = value as Record<string, unknown>;
    let keys = Object.keys(rec).filter((k) => rec[k] !== undefined);
    // Go sorts map keys by their bytes; JS objects put integer-like keys first, so sort here.
    if (sorted) keys = keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${escapeGo(JSON.stringify(k))}:${encode(rec[k], sorted)}`).join(',')}}`;
  }
  return escapeGo(JSON.stringify(value));
}

/** Compact Go-style JSON with sorted keys (Go marshals maps, and unstructured objects, sorted). */
export function goJSON(value: unknown): string {
  return encode(value, true);
}

/** Compact Go-style JSON keeping the key order given (Go marshals typed structs in field order). */
export function goJSONOrdered(value: unknown): string {
  return encode(value, false);
}
