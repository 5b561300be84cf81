import { describe, expect, it } from 'vitest';
import { emptyState, migrate, STATE_VERSION } from '../../../src/ui/persist/savedState';
import { decodeShare, encodeShare, exportFile, importFile } from '../../../src/ui/persist/share';
import { SESSION_FORMAT, SESSION_VERSION, type SessionSnapshot } from '../../../src/session/snapshot';

const session: SessionSnapshot = {
  format: SESSION_FORMAT,
  version: SESSION_VERSION,
  preset: 'kind',
  seed: 1,
  now: 1767225720000,
  journal: [
    { t: 'run', tab: '1', id: 1, text: 'kubectl create deployment web --image=nginx:1.25.3 --replicas=3' },
    { t: 'adv', ms: 5000 },
  ],
};

describe('saved state', () => {
  it('round-trips through a share link and an export file', () => {
    const state = { ...emptyState({ locale: 'en' as const }), session };
    const link = encodeShare(state);
    expect(link.startsWith('#s=')).toBe(true);
    expect(link.length).toBeLessThan(400);
    expect(decodeShare(link)).toEqual(state);
    expect(decodeShare('#other')).toBeUndefined();
    expect(importFile(exportFile(state))).toEqual(state);
    expect(() => importFile('{"format":"x"}')).toThrow(/format/);
  });

  it('runs migrations in order and refuses states from the future', () => {
    const migrations = {
      0: (s: Record<string, unknown>) => ({
        ...s,
        terminals: { active: 'a', tabs: [{ id: 'a', history: s.history, screen: '' }] },
      }),
    };
    const v0 = { version: 0, history: ['kubectl get pods'] };
    const s = migrate(v0, migrations, 1);
    expect(s.version).toBe(STATE_VERSION);
    expect(s.terminals.tabs[0]).toEqual({ id: 'a', history: ['kubectl get pods'], screen: '' });
    expect(() => migrate({ version: 99 })).toThrow(/newer/);
    expect(() => migrate({ version: 0 }, {}, 1)).toThrow(/no migration/);
    expect(() => migrate('junk')).toThrow();
    expect(() => migrate({ version: 1, session: { format: 'nope' } })).toThrow(/format/);
  });
});
