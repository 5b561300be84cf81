/**
 * Shared by the golden and determinism tests: run one transcript through the CLI in-process.
 *
 * Interactive commands: lines written `> TEXT` right after a command are typed into it while it
 * runs (`>` alone is Enter, `> ^D` Ctrl-D, `> ^C` Ctrl-C); that command's stdin is a terminal,
 * so `kubectl exec -it … -- sh` gets a TTY and shows the container's prompt and echo. The full
 * rules are in src/cli/transcript.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseCliArgs, runTranscript } from '../../src/cli/transcript';

export const goldenRoot = join(__dirname);

export function findTranscripts(dir: string = goldenRoot): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return findTranscripts(p);
    return name.endsWith('.sh') ? [p] : [];
  });
}

export async function runGolden(path: string): Promise<string> {
  const text = readFileSync(path, 'utf8');
  const header = /^# breakfix: (.*)$/.exec(text.split('\n')[0] ?? '');
  const opts = parseCliArgs(header ? header[1]!.trim().split(/\s+/) : [], (p) =>
    readFileSync(join(goldenRoot, p), 'utf8'),
  );
  let out = '';
  await runTranscript(text, opts, (s) => void (out += s));
  return out;
}
