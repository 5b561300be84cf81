/**
 * Bad input never crashes the engine or loses state (issue: Foundation, "Bad input").
 *
 * fast-check feeds random command lines built from kubectl's own vocabulary plus garbage, and
 * random or mutated YAML documents to `kubectl apply/create -f`. For every input: no internal
 * error escapes, a failing command says something on its way out, and a command that fails
 * changes nothing in the cluster.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { CliSession } from '../../src/cli/transcript';

const VERBS = [
  'get',
  'describe',
  'create',
  'apply',
  'delete',
  'patch',
  'label',
  'annotate',
  'replace',
  'edit',
  'diff',
  'wait',
  'explain',
  'config',
  'api-resources',
  'version',
  'cluster-info',
  'scale',
  'frobnicate',
];
const TYPES = [
  'pods',
  'po',
  'deploy',
  'deployment',
  'configmap',
  'cm',
  'ns',
  'nodes',
  'svc',
  'secret',
  'rs',
  'jobs',
  'cj',
  'events',
  'foo',
  'all',
  'pod/x',
  'cm/a',
  'deploy,rs',
];
const FLAGS = [
  '-o',
  'yaml',
  'json',
  'wide',
  'name',
  'jsonpath={.items[*]}',
  'jsonpath={.x',
  'custom-columns=A:.a',
  '-n',
  'kube-system',
  '-A',
  '-l',
  'app=web',
  'a in (b',
  '!x',
  '--field-selector',
  'metadata.name=x',
  '--show-labels',
  '--no-headers',
  '-w',
  '--dry-run=client',
  '--dry-run=server',
  '--from-literal=a=b',
  '--image=nginx',
  '--replicas=-1',
  '--replicas=abc',
  '-p',
  '{"data":{"a":"b"}}',
  '{bad json',
  '--type=json',
  '--type=merge',
  '[{"op":"remove","path":"/x"}]',
  '--overwrite',
  'a=b',
  'a-',
  '--grace-period=0',
  '--force',
  '--cascade=orphan',
  '--timeout=1s',
  '--for=delete',
  '--for=condition=Ready',
  '-f',
  'missing.yaml',
  '-',
  '--',
  '-v=9',
  '--all',
  'generic',
  'namespace',
  'x',
  'a',
  'web',
  '=',
  "''",
  '--nonsense',
];

const token = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...FLAGS) },
  { weight: 2, arbitrary: fc.constantFrom(...TYPES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }).map((s) => `'${s.replace(/'/g, '')}'`) },
);
const commandLine = fc
  .tuple(fc.constantFrom(...VERBS), fc.array(token, { maxLength: 6 }))
  .map(([verb, rest]) => `timeout 5 kubectl ${verb} ${rest.join(' ')}`);

/** Count the writes the cluster makes while `fn` runs. */
async function writesDuring(
  cli: CliSession,
  fn: () => Promise<number>,
): Promise<{ status: number; writes: number }> {
  let writes = 0;
  const off = cli.session.cluster.onChange((cs) => {
    writes += cs.length;
  });
  const status = await fn();
  off();
  return { status, writes };
}

describe('bad input', () => {
  it('random command lines: no crash, failures explain themselves and change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(commandLine, async (line) => {
        let out = '';
        const cli = new CliSession({ seed: 1, preset: 'kind' }, (s) => void (out += s));
        const { status, writes } = await writesDuring(cli, () => cli.run(line));
        expect(out).not.toMatch(/internal error|TypeError|ReferenceError|undefined is not|Cannot read prop/);
        if (status !== 0 && status !== 124) {
          expect(out.length).toBeGreaterThan(0);
          expect(writes).toBe(0);
        }
      }),
      { numRuns: 150, seed: 42 },
    );
  });

  const base = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.25.3',
              ports: [{ containerPort: 80 }],
              resources: { requests: { cpu: '100m', memory: '64Mi' } },
            },
          ],
        },
      },
    },
  };

  /** Replace one value somewhere in the document with something of the wrong shape. */
  const mutated = fc
    .tuple(
      fc.nat(),
      fc.constantFrom<unknown>(null, -1, 'three', 1.5, true, [], {}, '10Qi', 'UPPER_case', { x: 1 }, ''),
    )
    .map(([pick, value]) => {
      const doc = structuredClone(base) as Record<string, unknown>;
      const paths: { obj: Record<string, unknown>; key: string }[] = [];
      const walk = (o: unknown) => {
        if (o && typeof o === 'object') {
          for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
            paths.push({ obj: o as Record<string, unknown>, key: k });
            walk(v);
          }
        }
      };
      walk(doc);
      const p = paths[pick % paths.length]!;
      p.obj[p.key] = value;
      return stringify(doc);
    });

  const garbage = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.constantFrom(
      'kind: Pod\n  bad: indent',
      'apiVersion: v1\nkind: Pod\nmetadata: [',
      '---\n---\n',
      '{"kind":',
      'apiVersion: v9\nkind: Pod\nmetadata:\n  name: x\n',
      'items: 3\nkind: List\napiVersion: v1\n',
    ),
  );

  it('random and mutated YAML: no crash, failures explain themselves and change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(mutated, garbage),
        fc.constantFrom('apply', 'create'),
        async (yamlText, verb) => {
          let out = '';
          const cli = new CliSession({ seed: 1, preset: 'kind' }, (s) => void (out += s));
          cli.session.fs.writeFile('/root/x.yaml', yamlText);
          const { status, writes } = await writesDuring(cli, () => cli.run(`kubectl ${verb} -f x.yaml`));
          expect(out).not.toMatch(
            /internal error|TypeError|ReferenceError|undefined is not|Cannot read prop/,
          );
          if (status !== 0) {
            expect(out.length).toBeGreaterThan(0);
            expect(writes).toBe(0);
          }
        },
      ),
      { numRuns: 150, seed: 7 },
    );
  });
});
