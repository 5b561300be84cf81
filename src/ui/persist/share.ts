/**
 * Export files and share links. A link carries the saved state compressed (fflate's deflate)
 * and base64url-encoded in the URL fragment (`#s=…`): the fragment never reaches a server, and
 * a journal of commands compresses to a few hundred bytes.
 */
import { strFromU8, strToU8, unzlibSync, zlibSync } from 'fflate';
import { migrate, type SavedState } from './savedState';

export const SHARE_PREFIX = '#s=';

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function encodeShare(state: SavedState): string {
  return SHARE_PREFIX + toBase64Url(zlibSync(strToU8(JSON.stringify(state)), { level: 9 }));
}

/** The saved state in a `#s=…` fragment, or undefined when there is none. Throws on a bad one. */
export function decodeShare(hash: string): SavedState | undefined {
  if (!hash.startsWith(SHARE_PREFIX)) return undefined;
  const json = strFromU8(unzlibSync(fromBase64Url(hash.slice(SHARE_PREFIX.length))));
  return migrate(JSON.parse(json));
}

export const EXPORT_FORMAT = 'breakfix/export';

export function exportFile(state: SavedState): string {
  return JSON.stringify({ format: EXPORT_FORMAT, state }, null, 1);
}

export function importFile(text: string): SavedState {
  const data = JSON.parse(text) as { format?: string; state?: unknown };
  if (data.format !== EXPORT_FORMAT) throw new Error(`format is not ${EXPORT_FORMAT}`);
  return migrate(data.state);
}
