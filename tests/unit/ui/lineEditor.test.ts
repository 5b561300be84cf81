import { describe, expect, it } from 'vitest';
import { initialLine, press, renderLine, type LineState } from '../../../src/ui/terminal/lineEditor';
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

  it('submits and browses history with the draft kept', () => {
    let r = press(type(initialLine(), ['a']), '\r');
    expect(r.effects).toEqual([{ type: 'submit', line: 'a' }]);
    r = press(type(r.state, ['b']), '\r');
    let s = type(r.state, ['dr', '\x1b[A']);
    expect(s.buffer).toBe('b');
    s = type(s, ['\x1b[A', '\x1b[B', '\x1b[B']);
    expect(s.buffer).toBe('dr');
  });

  it('counts CJK characters as two cells when placing the cursor', () => {
    expect(stringWidth('日本語')).toBe(6);
    const s = type(initialLine(), ['echo 日本語', '\x1b[D']);
    expect(renderLine('$ ', s)).toBe('\r$ echo 日本語\x1b[K\x1b[2D');
  });
});
