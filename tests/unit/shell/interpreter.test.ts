import { describe, expect, it } from 'vitest';
import type { KubeClient } from '../../../src/api/client';
import * as core from '../../../src/shell/builtins/core';
import { sed } from '../../../src/shell/builtins/sed';
import * as text from '../../../src/shell/builtins/text';
import * as files from '../../../src/shell/builtins/files';
import { MemoryFS } from '../../../src/shell/fs';
import { Shell } from '../../../src/shell/interpreter';
import type { CommandFn } from '../../../src/shell/types';

/** A shell with the built-ins and a fake clock: sleep resolves at once and records the time slept. */
function makeShell() {
  const fs = new MemoryFS('/root');
  let now = 0;
  const client = {} as KubeClient;
  const shell = new Shell({
    client,
    fs,
    editor: { edit: async () => null },
    now: () => now,
    sleep: async (ms, signal) => {
      if (!Number.isFinite(ms)) {
        await new Promise<void>((r) => signal?.addEventListener('abort', () => r(), { once: true }));
        return;
      }
      now += ms;
    },
    tty: false,
  });
  const all = { ...core, ...text, ...files, sed };
  const map: Record<string, keyof typeof all> = { true: 'trueCmd', false: 'falseCmd', export: 'exportCmd' };
  for (const name of [
    'echo',
    'true',
    'false',
    'pwd',
    'cd',
    'export',
    'unset',
    'env',
    'exit',
    'history',
    'sleep',
    'timeout',
    'cat',
    'grep',
    'head',
    'tail',
    'wc',
    'sort',
    'uniq',
    'base64',
    'tee',
    'ls',
    'mkdir',
    'rm',
    'touch',
    'sed',
  ]) {
    shell.register(name, all[(map[name] ?? name) as keyof typeof all] as CommandFn);
  }
  shell.register('forever', async (ctx) => {
    await ctx.sleep(Infinity, ctx.signal);
    ctx.stdout('interrupted\n');
    return 130;
  });
  const run = async (src: string) => {
    let out = '';
    const status = await shell.run(
      src,
      { stdout: (t) => void (out += t), stderr: (t) => void (out += t) },
      new AbortController().signal,
    );
    return { out, status };
  };
  return { shell, fs, run, now: () => now };
}

describe('shell interpreter', () => {
  it('runs pipelines through grep, sort, head and wc', async () => {
    const { run } = makeShell();
    expect(await run("printf_missing 2>/dev/null; echo -e 'b\\na\\nc\\na' | sort | uniq -c")).toEqual({
      out: '      2 a\n      1 b\n      1 c\n',
      status: 0,
    });
    expect((await run("echo -e 'x\\ny\\nz' | grep -v y | wc -l")).out).toBe('2\n');
    expect((await run("echo -e '1\\n2\\n3' | head -n 2 | tail -1")).out).toBe('2\n');
  });

  it('writes heredocs to files and reads them back, expanding variables', async () => {
    const { run, fs } = makeShell();
    await run('NAME=web\ncat <<EOF > /root/x.yaml\nname: $NAME\nEOF');
    expect(fs.readFile('/root/x.yaml')).toBe('name: web\n');
    expect((await run('cat x.yaml')).out).toBe('name: web\n');
  });

  it('tracks $? and short-circuits && and ||', async () => {
    const { run } = makeShell();
    expect((await run('false; echo $?')).out).toBe('1\n');
    expect((await run('false && echo no || echo yes')).out).toBe('yes\n');
    expect((await run('nosuch; echo $?')).out).toBe('nosuch: command not found\n127\n');
  });

  it('decodes base64 like coreutils', async () => {
    const { run } = makeShell();
    expect((await run("echo -n 'admin' | base64")).out).toBe('YWRtaW4=\n');
    expect((await run("echo 'YWRtaW4=' | base64 --decode")).out).toBe('admin');
    expect(await run("echo '!!!' | base64 -d")).toEqual({ out: 'base64: invalid input\n', status: 1 });
  });

  it('sleep waits simulated time and rejects bad intervals', async () => {
    const { run, now } = makeShell();
    await run('sleep 1m 30');
    expect(now()).toBe(90_000);
    expect(await run('sleep abc')).toEqual({
      out: "sleep: invalid time interval ‘abc’\nTry 'sleep --help' for more information.\n",
      status: 1,
    });
  });

  it('timeout interrupts a command that would wait forever and exits 124', async () => {
    const { run, now } = makeShell();
    expect(await run('timeout 5 forever')).toEqual({ out: 'interrupted\n', status: 124 });
    expect(now()).toBe(5000);
  });

  it('command substitution captures stdout without trailing newlines', async () => {
    const { run } = makeShell();
    expect((await run('X=$(echo hello); echo "[$X]"')).out).toBe('[hello]\n');
  });

  it('sed -i edits a file in place', async () => {
    const { run, fs } = makeShell();
    fs.writeFile('/root/d.yaml', 'image: nginx:1.24.0\n');
    await run("sed -i 's/1.24.0/1.25.3/' d.yaml");
    expect(fs.readFile('/root/d.yaml')).toBe('image: nginx:1.25.3\n');
  });

  it('sed runs several s commands of one script, and words its errors as GNU sed 4.9', async () => {
    const { run } = makeShell();
    expect((await run("echo 'abc cab' | sed 's/a/b/; s/c/d/'")).out).toBe('bbd cab\n');
    expect((await run("echo 'abc cab' | sed 's|a|b|; s|c|d|g'")).out).toBe('bbd dab\n');
    expect((await run("echo 'abc cab' | sed -e 's/a/b/' -e 's/c/d/;s/b/X/g'")).out).toBe('XXd caX\n');
    expect((await run("echo x | sed 's/a/b/x'")).out).toBe(
      "sed: -e expression #1, char 7: unknown option to `s'\n",
    );
    expect((await run("echo x | sed 's/a/b/ s/c/d/'")).out).toBe(
      "sed: -e expression #1, char 8: unknown option to `s'\n",
    );
    expect((await run("echo x | sed 's/a/b'")).out).toBe(
      "sed: -e expression #1, char 5: unterminated `s' command\n",
    );
  });

  it('prints syntax errors and keeps going', async () => {
    const { run } = makeShell();
    expect(await run('echo >')).toEqual({
      out: "sh: syntax error near unexpected token `newline'\n",
      status: 2,
    });
    expect((await run('echo ok')).out).toBe('ok\n');
  });

  it('grep exit codes and options', async () => {
    const { run } = makeShell();
    expect((await run("echo -e 'Running\\nPending' | grep -i running")).out).toBe('Running\n');
    expect((await run('echo abc | grep zzz; echo $?')).out).toBe('1\n');
    expect((await run("echo -e 'a1\\nb2\\na3' | grep -c a")).out).toBe('2\n');
    expect((await run("echo -e 'ab\\nabc' | grep -E 'c$'")).out).toBe('abc\n');
  });
});
