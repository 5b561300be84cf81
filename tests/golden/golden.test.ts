/**
 * Golden transcripts: each `tests/golden/**\/NAME.sh` is a terminal session run through the
 * headless CLI; its whole output must equal `NAME.txt` byte for byte. A first line of the form
 * `# breakfix: --seed 3 --cluster multinode` sets CLI options.
 *
 * After a deliberate change, `npm run golden:update` rewrites the .txt files; review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTranscripts, goldenRoot as root, runGolden } from './harness';

const update = process.env.UPDATE_GOLDEN === '1';

describe('golden transcripts', () => {
  for (const path of findTranscripts()) {
    const name = relative(root, path);
    it(name, async () => {
      const expectedPath = path.replace(/\.sh$/, '.txt');
      const actual = await runGolden(path);
      if (update || !existsSync(expectedPath)) {
        writeFileSync(expectedPath, actual);
        if (!update)
          throw new Error(
            `${name}: no expected output yet; wrote ${relative(root, expectedPath)} — review it`,
          );
        return;
      }
      expect(actual).toBe(readFileSync(expectedPath, 'utf8'));
    });
  }
});
