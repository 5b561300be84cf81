/**
 * The help texts recorded from the real kubectl v1.32 (src/kubectl/helptext/kubectl-help.json,
 * `npx tsx scripts/gen-help.ts --capture`): Breakfix's `kubectl <command> --help` must print each
 * record back byte for byte, and the flags parsed from them must have kubectl's types and defaults.
 */
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../src/api/io';
import { runKubectl } from '../../../src/kubectl/index';
import { allRecordedHelp, helpSpec, recordedHelp } from '../../../src/kubectl/helptext/index';
import { MemoryFS } from '../../../src/shell/fs';
import records from '../../../src/kubectl/helptext/kubectl-help.json';
import { COMMANDS } from '../../../scripts/gen-help';

/** `kubectl <args>` with no cluster behind it: help never calls the API. */
async function kubectl(args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const ctx: CommandContext = {
    client: new Proxy({} as CommandContext['client'], {
      get: () => {
        throw new Error('help must not call the API');
      },
    }),
    args,
    stdin: '',
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    fs: new MemoryFS('/root'),
    env: { HOME: '/root' },
    now: () => 0,
    sleep: async () => {},
    signal: new AbortController().signal,
    editor: { edit: async () => null },
    tty: false,
  };
  const code = await runKubectl(ctx);
  return { out, err, code };
}

const recorded = records as Record<string, string>;

describe('kubectl --help from the recorded texts', () => {
  it('records exactly the commands the capture script lists', () => {
    expect(Object.keys(recorded)).toEqual(COMMANDS);
    expect([...allRecordedHelp().keys()]).toEqual(COMMANDS);
  });

  it.each(COMMANDS)('kubectl %s --help prints the record', async (cmd) => {
    const r = await kubectl([...cmd.split(' '), '--help']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(recorded[cmd]);
  });
});

describe('parsed records', () => {
  it('flag types and defaults follow the Options lines', () => {
    const flag = (cmd: string, name: string) => recordedHelp(cmd).flags.find((f) => f.name === name);
    expect(flag('create secret generic', 'from-literal')).toMatchObject({ type: 'stringArray', default: [] });
    expect(flag('create', 'filename')).toMatchObject({ shorthand: 'f', type: 'stringSlice', default: [] });
    expect(flag('create', 'dry-run')).toMatchObject({
      type: 'string',
      default: 'none',
      noOptDefVal: 'unchanged',
    });
    expect(flag('delete', 'grace-period')).toMatchObject({ type: 'int', default: -1 });
    expect(flag('delete', 'timeout')).toMatchObject({ type: 'duration', default: 0 });
    expect(flag('wait', 'timeout')).toMatchObject({ type: 'duration', default: 30_000 });
    expect(flag('drain', 'force')).toMatchObject({ type: 'bool', default: false, noOptDefVal: 'true' });
  });

  it('subcommands take their short line from the parent, aliases from the Aliases section', () => {
    expect(recordedHelp('create secret generic').short).toBe(
      'Create a secret from a local file, directory, or literal value',
    );
    expect(recordedHelp('create').short).toBeUndefined();
    expect(recordedHelp('create deployment').aliases).toEqual(['deploy']);
    expect(recordedHelp('rollout status').use).toBe('rollout status (TYPE NAME | TYPE/NAME) [flags]');
  });

  it('helpSpec hands out copies: changing one does not change the record', () => {
    const a = helpSpec('create', 'Create a resource from a file or from stdin');
    const filename = a.flags!.find((f) => f.name === 'filename')!;
    (filename.default as string[]).push('x.yaml');
    expect(recordedHelp('create').flags.find((f) => f.name === 'filename')!.default).toEqual([]);
    expect(() => recordedHelp('nope')).toThrow('no help text for kubectl nope');
  });
});
