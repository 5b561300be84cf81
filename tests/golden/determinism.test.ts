/**
 * Same transcript + same seed = same output, byte for byte (ARCHITECTURE.md §2). Runs every
 * golden transcript twice in the same process.
 */
import { describe, expect, it } from 'vitest';
import { findTranscripts, runGolden } from './harness';

describe('determinism', () => {
  const files = findTranscripts();
  it('has transcripts to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const f of files) {
    it(`runs ${f.slice(__dirname.length + 1)} twice identically`, async () => {
      expect(await runGolden(f)).toBe(await runGolden(f));
    });
  }
});
