/**
 * The `describe` command itself: listing a type, `-l`, `-A`, the NAME_PREFIX fallback, NotFound,
 * `--show-events=false` and "No resources found", compared with what the real kubectl v1.32.4
 * printed for the same objects (captured.json, see capture.mjs).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../../src/api/io';
import '../../../../src/kubectl/describe/command';
import { printError } from '../../../../src/kubectl/errors';
import { Factory, globalFlagSpecs } from '../../../../src/kubectl/factory';
import { boolFlag, FlagSet } from '../../../../src/kubectl/flags';
import { KubectlError } from '../../../../src/kubectl/errors';
import { lookupCommand, type Invocation } from '../../../../src/kubectl/registry';
import { MemoryFS } from '../../../../src/shell/fs';
import { FakeApi } from './fakeapi';
import { OBJECTS, materialize } from './fixtures/objects.mjs';

interface Captured {
  base: number;
  results: { args: string[]; stdout: string; stderr: string; code: number; requests: string[] }[];
}
const captured = JSON.parse(
  readFileSync(new URL('./fixtures/captured.json', import.meta.url), 'utf8'),
) as Captured;

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- cluster:
    server: https://127.0.0.1:6443
  name: kind
contexts:
- context:
    cluster: kind
    namespace: default
    user: kind
  name: kind
current-context: kind
users:
- name: kind
  user: {}
`;

/** Run `kubectl <args>` with the describe command as the framework would (flags, factory, errors). */
async function kubectl(
  args: string[],
  api: FakeApi,
  now: number,
  files: Record<string, string> = {},
): Promise<{ stdout: string; stderr: string; code: number }> {
  let stdout = '';
  let stderr = '';
  const fs = new MemoryFS('/root');
  for (const [path, text] of Object.entries(files)) fs.writeFile(path, text);
  fs.mkdir('/root/.kube');
  fs.writeFile('/root/.kube/config', KUBECONFIG);
  const ctx = {
    client: api,
    args,
    stdin: '',
    stdout: (t: string) => (stdout += t),
    stderr: (t: string) => (stderr += t),
    fs,
    env: { HOME: '/root' },
    now: () => now,
    sleep: async () => {},
    signal: new AbortController().signal,
    editor: { edit: async () => null },
    tty: false,
  } as unknown as CommandContext;
  const cmd = lookupCommand('describe')!;
  const flags = new FlagSet([
    ...(cmd.flags ?? []),
    boolFlag('help', 'help', { shorthand: 'h' }),
    ...globalFlagSpecs('/root'),
  ]);
  const parsed = flags.parse(args.slice(1));
  const inv: Invocation = {
    ctx,
    command: cmd,
    commandPath: 'kubectl describe',
    args: parsed.positional,
    argsLenAtDash: parsed.argsLenAtDash,
    flags,
    kube: new Factory(ctx, flags),
    out: (t) => (stdout += t),
    err: (t) => (stderr += t),
    usageError: (msg) => new KubectlError(msg),
    helpText: () => '',
  };
  let code = 0;
  try {
    code = (await cmd.run!(inv)) ?? 0;
  } catch (e) {
    code = printError(e, (t) => (stderr += t));
  }
  return { stdout, stderr, code };
}

const isDiscovery = (r: string): boolean => /^GET (\/api(\/v1)?|\/apis(\/[^/]+\/[^/]+)?)$/.test(r);
const normalize = (req: string): string =>
  req.replace(
    /fieldSelector=([^&]*)/,
    (_, sel: string) => `fieldSelector=${sel.split(',').sort().join(',')}`,
  );

describe('kubectl describe (the command) matches the real kubectl v1.32.4', () => {
  const objects = OBJECTS.map((o) => materialize(o, captured.base));
  for (const r of captured.results) {
    it(`kubectl ${r.args.join(' ')}`, async () => {
      const api = new FakeApi(objects);
      const got = await kubectl(r.args, api, captured.base + 500);
      expect(got.stdout).toBe(r.stdout);
      expect(got.stderr).toBe(r.stderr);
      expect(got.code).toBe(r.code);
      expect(api.requests.filter((x) => !isDiscovery(x)).map(normalize)).toEqual(r.requests.map(normalize));
    });
  }

  it('requires a type or -f', async () => {
    const got = await kubectl(['describe'], new FakeApi([]), 0);
    expect(got.stderr).toBe(
      'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n',
    );
    expect(got.code).toBe(1);
  });

  it('describes the named objects it finds and reports the others', async () => {
    const objects2 = OBJECTS.map((o) => materialize(o, captured.base));
    const got = await kubectl(['describe', 'secret', 'db', 'nosuch'], new FakeApi(objects2), captured.base);
    expect(got.stdout.startsWith('Name:         db\n')).toBe(true);
    expect(got.stderr).toBe('Error from server (NotFound): secrets "nosuch" not found\n');
    expect(got.code).toBe(1);
  });

  it('does not fall back to a prefix search for TYPE/NAME', async () => {
    const api = new FakeApi(OBJECTS.map((o) => materialize(o, captured.base)));
    const got = await kubectl(['describe', 'pod/web'], api, captured.base);
    expect(got.stdout).toBe('');
    expect(got.stderr).toBe('Error from server (NotFound): pods "web" not found\n');
    expect(api.requests.filter((x) => !isDiscovery(x))).toEqual(['GET /api/v1/namespaces/default/pods/web']);
  });

  it('describes the objects named in -f files (fetching them from the server)', async () => {
    const objects2 = OBJECTS.map((o) => materialize(o, captured.base));
    const api = new FakeApi(objects2);
    const manifest =
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\n';
    const got = await kubectl(['describe', '-f', 'app.yaml'], api, captured.base + 500, {
      '/root/app.yaml': manifest,
    });
    const secret = captured.results.find((r) => r.args.join(' ') === 'describe secret db')!.stdout;
    const cm = captured.results.find((r) => r.args.join(' ') === 'describe configmap app-config')!.stdout;
    expect(got.stderr).toBe('');
    expect(got.stdout).toBe(`${secret}\n\n${cm}`);
    expect(api.requests.filter((x) => !isDiscovery(x))[0]).toBe('GET /api/v1/namespaces/default/secrets/db');
  });

  it('rejects an unknown type like kubectl', async () => {
    const got = await kubectl(['describe', 'foos'], new FakeApi([]), 0);
    expect(got.stderr).toBe(`error: the server doesn't have a resource type "foos"\n`);
  });
});
