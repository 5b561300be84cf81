/**
 * Re-records the expectations in ../fixtures from the real kubectl v1.32 on this machine:
 *
 *   npx tsx tests/unit/apimachinery/patch/oracle/record.mts          # rewrite `want`
 *   npx tsx tests/unit/apimachinery/patch/oracle/record.mts --check  # report differences only
 *
 * - patch-cases.json: `kubectl patch --local -f obj.json --type <t> -p <patch> -o json`, which runs
 *   apimachinery's StrategicMergePatch and evanphx/json-patch v4 in the kubectl binary: the same
 *   code the apiserver runs for PATCH. (kubectl --local rewrites one JSON patch error, "doc is
 *   missing key", into "Object to be patched is missing field"; we record the apiserver's text.)
 * - apply-cases.json: real `kubectl apply` against a fake apiserver started here, which serves
 *   discovery, answers GET with the case's live object and records the PATCH body and its
 *   Content-Type. That is the three-way patch kubectl computes.
 *
 * Inputs (objects, patches, files, live objects) are edited in the fixture files themselves.
 * The patch-cases with a `live: <name>` base apply the patch kubectl apply sent in the apply case
 * of that name to its live object: the apiserver's half of the same `kubectl apply`.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = new URL('.', import.meta.url).pathname;
const fixtures = join(here, '..', 'fixtures');
const check = process.argv.includes('--check');
const tmp = join(tmpdir(), 'breakfix-patch-oracle.json');

type Json = Record<string, unknown>;
let differences = 0;
const same = (a: unknown, b: unknown) => JSON.stringify(canon(a)) === JSON.stringify(canon(b));
function canon(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canon);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canon((v as Json)[k])]),
    );
  return v;
}

async function recordPatches(): Promise<void> {
  const file = join(fixtures, 'patch-cases.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as {
    bases: Record<string, Json>;
    cases: { type: string; base: string; patch: unknown; want: unknown }[];
  };
  for (const c of data.cases) {
    writeFileSync(tmp, JSON.stringify(data.bases[c.base]));
    let want: unknown;
    try {
      const args = [
        'patch',
        '--local',
        '-f',
        tmp,
        '--type',
        c.type,
        '-p',
        JSON.stringify(c.patch),
        '-o',
        'json',
      ];
      want = JSON.parse((await run('kubectl', args)).stdout);
    } catch (e) {
      want =
        'ERR ' +
        String((e as { stderr: string }).stderr)
          .replace(/^error: /, '')
          .trim();
      const m = /^ERR Object to be patched is missing field \((.*)\)$/s.exec(want as string);
      if (m) want = `ERR replace operation does not apply: doc is missing key: ${m[1]}`;
    }
    if (!same(want, c.want)) {
      differences++;
      console.log(
        `patch ${JSON.stringify(c.patch)}: recorded ${JSON.stringify(c.want)}, kubectl ${JSON.stringify(want)}`,
      );
    }
    c.want = want;
  }
  if (!check) writeFileSync(file, JSON.stringify(data, null, 1) + '\n');
}

const resources = (kinds: [string, string, boolean][]) =>
  kinds.map(([name, kind, namespaced]) => ({
    name,
    singularName: kind.toLowerCase(),
    namespaced,
    kind,
    verbs: ['get', 'list', 'create', 'patch'],
  }));
const DISCOVERY: Record<string, unknown> = {
  '/api': { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] },
  '/apis': {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: ['apps', 'example.com'].map((g) => ({
      name: g,
      versions: [{ groupVersion: `${g}/v1`, version: 'v1' }],
      preferredVersion: { groupVersion: `${g}/v1`, version: 'v1' },
    })),
  },
  '/api/v1': {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: resources([
      ['pods', 'Pod', true],
      ['services', 'Service', true],
      ['nodes', 'Node', false],
      ['configmaps', 'ConfigMap', true],
    ]),
  },
  '/apis/apps/v1': {
    kind: 'APIResourceList',
    groupVersion: 'apps/v1',
    resources: resources([['deployments', 'Deployment', true]]),
  },
  '/apis/example.com/v1': {
    kind: 'APIResourceList',
    groupVersion: 'example.com/v1',
    resources: resources([['widgets', 'Widget', true]]),
  },
};

async function recordApply(): Promise<void> {
  const file = join(fixtures, 'apply-cases.json');
  const cases = JSON.parse(readFileSync(file, 'utf8')) as {
    name: string;
    file: Json;
    live: Json;
    want: unknown;
  }[];
  let live: Json = {};
  let sent: { type: string; patch: unknown } | undefined;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const reply = (code: number, obj: unknown) => {
        res.writeHead(code, { 'content-type': 'application/json' });
        res.end(JSON.stringify(obj));
      };
      if (DISCOVERY[path]) return reply(200, DISCOVERY[path]);
      if (req.method === 'PATCH') {
        sent = { type: String(req.headers['content-type']).split(';')[0]!, patch: JSON.parse(body) };
        return reply(200, live);
      }
      if (req.method === 'GET' && path.endsWith(`/${(live.metadata as Json).name as string}`))
        return reply(200, live);
      reply(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  for (const c of cases) {
    live = c.live;
    sent = undefined;
    writeFileSync(tmp, JSON.stringify(c.file));
    let out: string;
    try {
      const args = [
        '--server',
        `http://127.0.0.1:${port}`,
        '--validate=false',
        '-n',
        'default',
        'apply',
        '-f',
        tmp,
      ];
      out = (await run('kubectl', args, { env: { ...process.env, KUBECONFIG: '/dev/null' } })).stdout.trim();
    } catch (e) {
      out = 'ERR ' + String((e as { stderr: string }).stderr).trim();
    }
    const want = sent ?? { none: out.replace(tmp, '<file>') };
    if (!same(want, c.want)) {
      differences++;
      console.log(`apply ${c.name}: recorded ${JSON.stringify(c.want)}, kubectl ${JSON.stringify(want)}`);
    }
    c.want = want;
  }
  server.close();
  if (!check) writeFileSync(file, JSON.stringify(cases, null, 1) + '\n');
}

await recordPatches();
await recordApply();
// Keep the fixtures in the repository's format.
if (!check) await run('npx', ['prettier', '--write', fixtures]);
console.log(`${differences} difference(s)${check ? '' : ', fixtures rewritten'}`);
if (check && differences) process.exitCode = 1;
