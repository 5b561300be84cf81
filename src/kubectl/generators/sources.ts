/**
 * Data sources shared by `create configmap` and `create secret`: `--from-literal=key=value`,
 * `--from-file=[key=]path` (a file or a directory of files) and `--from-env-file=path`, parsed
 * and read exactly as kubectl's `pkg/util` and `cmd/util/env_file.go` do.
 */
import type { FileSystem } from '../../api/io';
import { GeneratorError } from './types';
import { isEnvVarName } from '../../apimachinery/validation';

/** util.ParseLiteralSource: split at the first `=`; a leading `=` or none is an error. */
export function parseLiteralSource(source: string): [key: string, value: string] {
  const i = source.indexOf('=');
  if (i <= 0) throw new GeneratorError(`invalid literal source ${source}, expected key=value`);
  return [source.slice(0, i), source.slice(i + 1)];
}

/** Go's path.Base. */
export function pathBase(p: string): string {
  if (p === '') return '.';
  let s = p.replace(/\/+$/, '');
  if (s === '') return '/';
  const i = s.lastIndexOf('/');
  if (i >= 0) s = s.slice(i + 1);
  return s;
}

/** util.ParseFileSource: `path` (key = basename) or `key=path`. */
export function parseFileSource(source: string): [key: string, path: string] {
  const n = source.split('=').length - 1;
  if (n === 0) return [pathBase(source), source];
  if (n === 1 && source.startsWith('='))
    throw new GeneratorError(`key name for file path ${source.slice(1)} missing`);
  if (n === 1 && source.endsWith('='))
    throw new GeneratorError(`file path for key name ${source.slice(0, -1)} missing`);
  if (n > 1) throw new GeneratorError(`key names or file paths cannot contain '='`);
  const [k, p] = source.split('=');
  return [k!, p!];
}

/** Go's path.Join for a directory and an entry name. */
function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

export interface FileEntry {
  key: string;
  content: string;
}

/**
 * Expand one `--from-file` source into (key, content) entries: a file gives one entry, a
 * directory one per regular file in it (sorted, subdirectories skipped). `stat` errors read
 * `error reading <path>: no such file or directory` as os.Stat's PathError does.
 */
export function readFileSource(fs: FileSystem, source: string): FileEntry[] {
  const [key, path] = parseFileSource(source);
  const abs = fs.resolve(path);
  if (!fs.exists(abs)) throw new GeneratorError(`error reading ${path}: no such file or directory`);
  if (fs.isDir(abs)) {
    if (source.includes('=')) throw new GeneratorError('cannot give a key name for a directory path');
    const out: FileEntry[] = [];
    for (const name of fs.readDir(abs) ?? []) {
      const child = fs.resolve(joinPath(abs, name));
      if (fs.isDir(child)) continue;
      out.push({ key: name, content: fs.readFile(child) ?? '' });
    }
    return out;
  }
  return [{ key, content: fs.readFile(abs) ?? '' }];
}

/**
 * cmdutil.AddFromEnvFile: one `KEY=value` a line; leading whitespace trimmed, the value kept as
 * written (trailing spaces too), `#` comments and blank lines skipped, a bare `KEY` takes the
 * value from the environment.
 */
export function readEnvFile(
  fs: FileSystem,
  env: Record<string, string>,
  path: string,
  dirMessage: string,
  add: (key: string, value: string) => void,
): void {
  const abs = fs.resolve(path);
  if (!fs.exists(abs)) throw new GeneratorError(`error reading ${path}: no such file or directory`);
  if (fs.isDir(abs)) throw new GeneratorError(dirMessage);
  const text = fs.readFile(abs) ?? '';
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (i === 0 && line.startsWith('\ufeff')) line = line.slice(1);
    line = line.replace(/^\s+/, '');
    if (line.length === 0 || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    const errs = isEnvVarName(key);
    if (errs.length > 0)
      throw new GeneratorError(`${JSON.stringify(key)} is not a valid key name: ${errs.join(';')}`);
    const value = eq < 0 ? (env[key] ?? '') : line.slice(eq + 1);
    add(key, value);
  });
}

/** Standard base64 of the UTF-8 bytes of a string (Go's []byte in JSON). */
export function base64Utf8(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}
