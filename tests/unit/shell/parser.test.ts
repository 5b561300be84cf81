import { describe, expect, it } from 'vitest';
import { isComplete, parseScript, ShellSyntaxError } from '../../../src/shell/parser';

const words = (src: string) =>
  parseScript(src).items.map((i) =>
    i.first.commands.map((c) =>
      c.words.map((w) => w.parts.map((p) => (p.kind === 'literal' ? p.text : `<${p.kind}>`)).join('')),
    ),
  );

describe('shell parser', () => {
  it('splits words and honours quotes and escapes', () => {
    expect(words(`kubectl get pods -o 'jsonpath={.items[*].metadata.name}' "a b" c\\ d`)).toEqual([
      [['kubectl', 'get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}', 'a b', 'c d']],
    ]);
  });

  it('parses pipes, ; && and ||', () => {
    const s = parseScript('a | b; c && d || e');
    expect(s.items).toHaveLength(2);
    expect(s.items[0]!.first.commands).toHaveLength(2);
    expect(s.items[1]!.rest.map((r) => r.op)).toEqual(['&&', '||']);
  });

  it('collects heredoc bodies and knows whether they expand', () => {
    const s = parseScript("cat <<EOF > pod.yaml\nname: $X\nEOF\ncat <<'END'\n$Y\nEND\n");
    const h1 = s.items[0]!.first.commands[0]!.redirects[0]!.heredoc!;
    const h2 = s.items[1]!.first.commands[0]!.redirects[0]!.heredoc!;
    expect(h1).toEqual({ body: 'name: $X\n', expand: true });
    expect(h2).toEqual({ body: '$Y\n', expand: false });
    expect(s.items[0]!.first.commands[0]!.redirects[1]!.op).toBe('>');
  });

  it('reports incomplete input for open quotes, heredocs and trailing operators', () => {
    expect(isComplete("echo 'abc")).toBe(false);
    expect(isComplete('cat <<EOF\nabc')).toBe(false);
    expect(isComplete('kubectl get pods |')).toBe(false);
    expect(isComplete('a &&')).toBe(false);
    expect(isComplete('echo ok')).toBe(true);
    expect(isComplete('cat <<EOF\nabc\nEOF')).toBe(true);
  });

  it('rejects what it does not support with a syntax error', () => {
    expect(() => parseScript('sleep 1 &')).toThrow(ShellSyntaxError);
    expect(() => parseScript('for i in 1 2; do echo $i; done')).toThrow(/not supported/);
    expect(() => parseScript('echo >')).toThrow(/newline/);
  });

  it('parses assignments, variables and command substitution', () => {
    const s = parseScript('X=1 Y="a b" env; echo ${X} $? "$(kubectl get pods)"');
    const c0 = s.items[0]!.first.commands[0]!;
    expect(c0.assignments.map((a) => a.name)).toEqual(['X', 'Y']);
    const echo = s.items[1]!.first.commands[0]!;
    expect(echo.words[1]!.parts[0]).toMatchObject({ kind: 'var', name: 'X' });
    expect(echo.words[2]!.parts[0]).toMatchObject({ kind: 'var', name: '?' });
    expect(echo.words[3]!.parts.find((p) => p.kind === 'command')).toMatchObject({
      script: 'kubectl get pods',
    });
  });
});
