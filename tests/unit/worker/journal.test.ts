import { describe, expect, it } from 'vitest';
import {
  applyJournalDelta,
  JournalRecorder,
  parseSessionSnapshot,
  replayJournal,
  type JournalEntry,
} from '../../../src/session/snapshot';

describe('session journal', () => {
  it('merges idle advances, keeps ticks apart while a command waits, and reports deltas', () => {
    const j = new JournalRecorder();
    j.advance(100, true);
    j.advance(100, true);
    expect(j.entries).toEqual([{ t: 'adv', ms: 200 }]);
    const copy: JournalEntry[] = [];
    applyJournalDelta(copy, j.takeDelta()!);
    j.push({ t: 'run', tab: '1', id: 1, text: 'sleep 1' });
    j.advance(100, false);
    j.advance(100, false);
    j.advance(100, true); // the command ended: idle again, but not merged into a busy tick
    j.advance(100, true);
    expect(j.entries.slice(1)).toEqual([
      { t: 'run', tab: '1', id: 1, text: 'sleep 1' },
      { t: 'adv', ms: 100 },
      { t: 'adv', ms: 100 },
      { t: 'adv', ms: 200 },
    ]);
    applyJournalDelta(copy, j.takeDelta()!);
    // Growing the last merged advance re-sends only that entry.
    j.advance(50, true);
    const d = j.takeDelta()!;
    expect(d).toEqual({ from: 4, entries: [{ t: 'adv', ms: 250 }] });
    applyJournalDelta(copy, d);
    expect(copy).toEqual(j.entries);
    expect(j.takeDelta()).toBeUndefined();
  });

  it('replays in order, yielding to the event loop after inputs and while commands run', async () => {
    const log: string[] = [];
    let busy = false;
    await replayJournal(
      [
        { t: 'adv', ms: 10 },
        { t: 'run', tab: '1', id: 1, text: 'x' },
        { t: 'adv', ms: 10 },
      ],
      {
        apply: (e) => {
          log.push(e.t);
          if (e.t === 'run') busy = true;
        },
        busy: () => busy,
      },
      async () => void log.push('yield'),
    );
    expect(log).toEqual(['adv', 'run', 'yield', 'adv', 'yield']);
  });

  it('refuses snapshots it cannot read', () => {
    expect(() =>
      parseSessionSnapshot({ format: 'breakfix/session', version: 99, preset: 'kind', seed: 1, journal: [] }),
    ).toThrow(/unsupported session version 99/);
    expect(() => parseSessionSnapshot({ format: 'breakfix/session', version: 1 })).toThrow(/missing/);
  });
});
