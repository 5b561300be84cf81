/**
 * The `kubectl create <generator> --dry-run=client` outputs quoted in the behaviour reference
 * §13 (shared/reference/kubernetes-behaviour.md, kubectl v1.32.4), byte for byte.
 * fixtures/reference-s13.json holds the blocks as they are written there.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kubectl, newWorld } from './write-harness';

const blocks = JSON.parse(
  readFileSync(new URL('./fixtures/reference-s13.json', import.meta.url), 'utf8'),
) as {
  command: string;
  output: string;
}[];

/** POSIX shell words with '…' and "…" quoting (enough for the reference's command lines). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      cur += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === ' ') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

describe('reference §13 generator outputs', () => {
  for (const b of blocks) {
    it(b.command, async () => {
      const got = await kubectl(newWorld(), shellWords(b.command).slice(1));
      expect({ stderr: got.stderr, stdout: got.stdout }).toEqual({ stderr: '', stdout: b.output });
    });
  }
});
