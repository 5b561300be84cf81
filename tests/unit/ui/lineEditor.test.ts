import { describe, expect, it } from 'vitest';
import {
  applyCompletion,
  formatCandidates,
  initialLine,
  press,
  renderLine,
  splitKeys,
  type LineState,
} from '../../../src/ui/terminal/lineEditor';
import { stringWidth } from '../../../src/ui/terminal/width';

const type = (s: LineState, keys: string[]) => keys.reduce((st, k) => press(st, k).state, s);

describe('line editor', () => {
  it('inserts, moves and deletes', () => {
    let s = type(initialLine(), ['kubectl', ' ', 'get']);
    expect(s.buffer).toBe('kubectl get');
    s = type(s, ['\x01', '\x1b[C', '\x1b[C', '\x7f']);
    expect(s.buffer).toBe('kbectl get');
    expect(s.cursor).toBe(1);
    s = type(s, ['\x05', '\x17']);
    expect(s.buffer).toBe('kbectl ');
    s = type(s, ['\x15']);
    expect(s.buffer).toBe('');
  });

  it('kills to the end with Ctrl-K and moves by words', () => {
    let s = type(initialLine(), ['kubectl get pods -A']);
    s = type(s, ['\x1bb', '\x1bb']);
    expect(s.cursor).toBe('kubectl get '.length);
    s = type(s, ['\x0b']);
    expect(s.buffer).toBe('kubectl get ');
  });

  it('submits and browses history with the draft kept', () => {
    let r = press(type(initialLine(), ['a']), '\r');
    expect(r.effects).toEqual([{ type: 'submit', line: 'a' }]);
    r = press(type(r.state, ['b']), '\r');
    let s = type(r.state, ['dr', '\x1b[A']);
    expect(s.buffer).toBe('b');
    s = type(s, ['\x1b[A', '\x1b[B', '\x1b[B']);
    expect(s.buffer).toBe('dr');
  });

  it('searches the history backwards with Ctrl-R', () => {
    const history = ['kubectl get pods', 'echo hi', 'kubectl get nodes', 'ls'];
    let s = type(initialLine(history), ['\x12', 'get']);
    expect(s.search?.match).toBe(2);
    expect(renderLine('$ ', s).text).toContain("(reverse-i-search)`get': kubectl get nodes");
    s = type(s, ['\x12']);
    expect(s.search?.match).toBe(0);
    // Ctrl-R with no older match rings the bell and keeps the match.
    expect(press(s, '\x12').effects).toEqual([{ type: 'bell' }]);
    // Enter runs the found line.
    const r = press(s, '\r');
    expect(r.effects).toEqual([{ type: 'submit', line: 'kubectl get pods' }]);
    // Ctrl-G restores what was typed before the search.
    s = type(initialLine(history), ['draft', '\x12', 'ls', '\x07']);
    expect(s.buffer).toBe('draft');
    expect(s.search).toBeUndefined();
    // A movement key accepts the match for editing.
    s = type(initialLine(history), ['\x12', 'echo', '\x1b[D']);
    expect(s.buffer).toBe('echo hi');
    expect(s.cursor).toBe(6);
    // A query that matches nothing says so.
    s = type(initialLine(history), ['\x12', 'zzz']);
    expect(renderLine('$ ', s).text).toContain('failed reverse-i-search');
  });

  it('asks for completion on Tab and lists candidates on the second Tab', () => {
    const s = type(initialLine(), ['kubectl get po']);
    const r1 = press(s, '\t');
    expect(r1.effects).toEqual([{ type: 'complete', line: 'kubectl get po', list: false }]);
    const r2 = press(r1.state, '\t');
    expect(r2.effects).toEqual([{ type: 'complete', line: 'kubectl get po', list: true }]);
    // Any other key resets the count.
    expect(press(press(r2.state, 'd').state, '\t').effects[0]).toMatchObject({ list: false });
  });

  it('applies completions as readline does', () => {
    const s = type(initialLine(), ['kubectl get deployments w']);
    const one = applyCompletion(s, { from: 24, to: 25, candidates: ['web'] }, false);
    expect(one.state.buffer).toBe('kubectl get deployments web ');
    const many = applyCompletion(s, { from: 24, to: 25, candidates: ['web-1', 'web-2'] }, false);
    expect(many.state.buffer).toBe('kubectl get deployments web-');
    const again = applyCompletion(many.state, { from: 24, to: 28, candidates: ['web-1', 'web-2'] }, false);
    expect(again.bell).toBe(true);
    const list = applyCompletion(many.state, { from: 24, to: 28, candidates: ['web-1', 'web-2'] }, true);
    expect(list.show).toEqual(['web-1', 'web-2']);
    const dir = applyCompletion(
      type(initialLine(), ['cat ma']),
      { from: 4, to: 6, candidates: ['manifests/'] },
      false,
    );
    expect(dir.state.buffer).toBe('cat manifests/');
    expect(applyCompletion(s, { from: 24, to: 25, candidates: [] }, false).bell).toBe(true);
    expect(formatCandidates(['a', 'bb', 'ccc'], 12)).toBe('a    ccc\r\nbb\r\n');
  });

  it('splits xterm data into keys', () => {
    expect(splitKeys('ls\r')).toEqual(['ls', '\r']);
    expect(splitKeys('\x1b[A\x1b[1;5Cx')).toEqual(['\x1b[A', '\x1b[1;5C', 'x']);
    expect(splitKeys('a\r\nb\nc')).toEqual(['a', '\r', 'b', '\r', 'c']);
    expect(splitKeys('日本語')).toEqual(['日本語']);
  });

  it('counts CJK characters as two cells when placing the cursor', () => {
    expect(stringWidth('日本語')).toBe(6);
    const s = type(initialLine(), ['echo 日本語', '\x1b[D']);
    expect(renderLine('$ ', s).text).toBe('\r$ echo 日本語\x1b[J\r\x1b[11C');
  });

  it('redraws lines that wrap over several rows', () => {
    // Prompt 2 + 10 characters in a 8-column terminal: rows 0 and 1, cursor at the end (col 4).
    const s = type(initialLine(), ['abcdefghij']);
    const r = renderLine('$ ', s, 8, 0);
    expect(r).toEqual({ text: '\r$ abcdefghij\x1b[J', cursorRow: 1 });
    // The next redraw starts by going up to the prompt's row.
    const back = type(s, ['\x01']);
    const r2 = renderLine('$ ', back, 8, r.cursorRow);
    expect(r2.text).toBe('\x1b[1A\r$ abcdefghij\x1b[J\x1b[1A\r\x1b[2C');
    expect(r2.cursorRow).toBe(0);
    // Exactly full rows: the cursor is moved to the next row explicitly.
    const full = type(initialLine(), ['abcdef']);
    expect(renderLine('$ ', full, 8).text).toBe('\r$ abcdef \r\x1b[J');
  });
});
