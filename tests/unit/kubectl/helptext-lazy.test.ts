/**
 * kubectl's recorded help is a chunk loaded on first use: commands register from placeholders,
 * runKubectl loads the records before it parses flags and fills the commands in. The modules are
 * imported afresh here (vi.resetModules), so the setup file's early load does not apply.
 */
import { describe, expect, it, vi } from 'vitest';
import type { CommandContext } from '../../../src/api/io';
import { MemoryFS } from '../../../src/shell/fs';
import records from '../../../src/kubectl/helptext/kubectl-help.json';

function context(args: string[], out: string[]): CommandContext {
  return {
    client: new Proxy({} as CommandContext['client'], {
      get: () => {
        throw new Error('help must not call the API');
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

describe('recorded help loaded on first use', () => {
  it('commands are placeholders until the first kubectl command loads the records', async () => {
    vi.resetModules();
    const lazy = await import('../../../src/api/lazy');
    const helptext = await import('../../../src/kubectl/helptext/index');
    const kubectl = await import('../../../src/kubectl/index');
    const { lookupCommand } = await import('../../../src/kubectl/registry');

    expect(helptext.helpLoaded()).toBe(false);
    expect(() => helptext.recordedHelp('delete')).toThrow('not loaded yet');
    const del = lookupCommand('delete')!;
    expect(del.use).toBe('delete [flags]');
    expect(del.flags).toEqual([]);
    const runDryRun = lookupCommand('run')!.flags!.find((f) => f.name === 'dry-run')!;
    expect(runDryRun.usage).toBe('');

    const out: string[] = [];
    const running = kubectl.runKubectl(context(['delete', '--help'], out));
    // The CLI's time driver sees the load in flight and waits for it.
    expect(lazy.lazyLoadsInFlight()).toBe(1);
    expect(await running).toBe(0);
    expect(lazy.lazyLoadsInFlight()).toBe(0);
    expect(out.join('')).toBe((records as Record<string, string>).delete);

    expect(helptext.helpLoaded()).toBe(true);
    // The fields came from the record; what a command changed itself stays.
    expect(del.use).toBe(helptext.recordedHelp('delete').use);
    expect(del.flags!.find((f) => f.name === 'cascade')).toMatchObject({ noOptDefVal: 'background' });
    const create = lookupCommand('create')!;
    const service = create.subcommands!.find((c) => c.name === 'service')!;
    expect(service.flags).toEqual([]);
    expect(create.subcommands!.find((c) => c.name === 'deployment')!.aliases).toEqual(['deploy']);
    // Flags borrowed from other records were filled in place.
    expect(runDryRun).toMatchObject({ type: 'string', default: 'none', noOptDefVal: 'unchanged' });
    expect(runDryRun.usage).not.toBe('');
    const exposeTemplate = lookupCommand('expose')!.flags!.find((f) => f.name === 'template')!;
    expect(exposeTemplate.usage).toMatch(/template/i);
  });

  it('a command registered after the load gets the records at once', async () => {
    vi.resetModules();
    const helptext = await import('../../../src/kubectl/helptext/index');
    await helptext.loadHelp();
    const spec = helptext.helpSpec('cordon', 'Mark node as unschedulable');
    expect(spec.use).toBe('cordon NODE');
    expect(spec.flags!.map((f) => f.name)).toContain('selector');
    expect(helptext.recordedFlags(undefined, ['output'])[0]).toMatchObject({ shorthand: 'o' });
  });
});
