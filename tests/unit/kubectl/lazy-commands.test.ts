/**
 * Commands implemented in modules loaded on first use (src/kubectl/commands/lazy.ts, stubs.ts):
 * the eager record must be the module's tree in everything but `run`, and running a command must
 * load its module as a first-use load the CLI's time driver can see.
 */
import { describe, expect, it, vi } from 'vitest';
import type { CommandContext } from '../../../src/api/io';
import type { CommandSpec } from '../../../src/kubectl/registry';
import { MemoryFS } from '../../../src/shell/fs';

/** The tree without its run functions: whether each node runs is kept. */
function shape(spec: CommandSpec): unknown {
  const { run, subcommands, ...rest } = spec;
  return { ...rest, runs: run !== undefined, subcommands: subcommands?.map(shape) };
}

const LAZY_COMMANDS: [string, () => Promise<CommandSpec>][] = [
  ['create', async () => (await import('../../../src/kubectl/commands/create')).createCommand],
  ['apply', async () => (await import('../../../src/kubectl/commands/apply')).applyCommand],
  ['diff', async () => (await import('../../../src/kubectl/commands/diff')).diffCommand],
  ['delete', async () => (await import('../../../src/kubectl/commands/delete')).deleteCommand],
  ['replace', async () => (await import('../../../src/kubectl/commands/replace')).replaceCommand],
  ['edit', async () => (await import('../../../src/kubectl/commands/edit')).editCommand],
  ['patch', async () => (await import('../../../src/kubectl/commands/patch')).patchCommand],
  ['label', async () => (await import('../../../src/kubectl/commands/label')).labelCommand],
  ['annotate', async () => (await import('../../../src/kubectl/commands/label')).annotateCommand],
  ['taint', async () => (await import('../../../src/kubectl/commands/taint')).taintCommand],
  ['wait', async () => (await import('../../../src/kubectl/commands/wait')).waitCommand],
  ['cordon', async () => (await import('../../../src/kubectl/commands/cordon')).cordonCommand],
  ['uncordon', async () => (await import('../../../src/kubectl/commands/uncordon')).uncordonCommand],
  ['scale', async () => (await import('../../../src/kubectl/commands/scale')).scaleCommand],
  ['rollout', async () => (await import('../../../src/kubectl/commands/rollout')).rolloutCommand],
  ['set', async () => (await import('../../../src/kubectl/commands/set')).setCommand],
];

function context(args: string[], out: string[]): CommandContext {
  return {
    client: new Proxy({} as CommandContext['client'], {
      get: () => {
        throw new Error('this command must fail before it calls the API');
      },
    }),
    args,
    stdin: '',
    stdout: (t) => void out.push(t),
    stderr: (t) => void out.push(t),
    fs: new MemoryFS('/root'),
    env: { HOME: '/root' },
    now: () => 0,
    sleep: async () => {},
    signal: new AbortController().signal,
    editor: { edit: async () => null },
    tty: false,
  };
}

describe('kubectl commands loaded on first use', () => {
  it.each(LAZY_COMMANDS)('the eager record of %s matches its module', async (name, load) => {
    await import('../../../src/kubectl/index');
    const { lookupCommand } = await import('../../../src/kubectl/registry');
    const registered = lookupCommand(name)!;
    expect(registered).toBeDefined();
    const full = await load();
    expect(shape(registered)).toEqual(shape(full));
    // The stubs are not the module's functions: those load on demand.
    const runs = (c: CommandSpec): unknown[] => [c.run, ...(c.subcommands ?? []).flatMap(runs)];
    const fullRuns = runs(full).filter(Boolean);
    expect(fullRuns.length).toBeGreaterThan(0);
    for (const run of runs(registered)) expect(fullRuns).not.toContain(run);
  });

  it('running a command loads its module as a first-use load', async () => {
    vi.resetModules();
    const lazy = await import('../../../src/api/lazy');
    const kubectl = await import('../../../src/kubectl/index');
    await kubectl.kubectlHelpReady();
    expect(lazy.lazyLoadsInFlight()).toBe(0);

    const out: string[] = [];
    const running = kubectl.runKubectl(context(['cordon'], out));
    // Microtasks until the stub asks for the module.
    for (let i = 0; i < 20 && lazy.lazyLoadsInFlight() === 0; i++) await Promise.resolve();
    expect(lazy.lazyLoadsInFlight()).toBe(1);
    expect(await running).toBe(1);
    expect(lazy.lazyLoadsInFlight()).toBe(0);
    expect(out.join('')).toBe(
      "error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples\n",
    );
  });
});
