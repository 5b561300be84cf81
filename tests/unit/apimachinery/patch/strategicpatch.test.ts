/**
 * Strategic merge patch: the directives one by one (after the tables of apimachinery's
 * strategicpatch/patch_test.go, on real Kubernetes fields), the patch metadata table, and the
 * kubectl apply life cycle of a Deployment.
 */
import { describe, expect, it } from 'vitest';
import { PatchError } from '../../../../src/apimachinery/mergepatch';
import {
  applyStrategicMergePatch,
  createThreeWayMergePatch,
  createTwoWayMergePatch,
  isEmptyPatch,
  isStrategicMergePatchKind,
  lookupPatchMeta,
  type JsonMap,
} from '../../../../src/apimachinery/strategicpatch';

const POD = '/Pod';
const pod = (spec: JsonMap, metadata: JsonMap = { name: 'p' }): JsonMap => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata,
  spec,
});
const err = (f: () => unknown): PatchError => {
  try {
    f();
  } catch (e) {
    if (e instanceof PatchError) return e;
    throw e;
  }
  throw new Error('no error');
};

describe('patch metadata (k8s.io/api struct tags)', () => {
  it.each([
    ['/Pod', ['spec', 'containers'], ['merge'], 'name'],
    ['/Pod', ['spec', 'containers', 'ports'], ['merge'], 'containerPort'],
    ['/Pod', ['spec', 'containers', 'env'], ['merge'], 'name'],
    ['/Pod', ['spec', 'containers', 'volumeMounts'], ['merge'], 'mountPath'],
    ['/Pod', ['spec', 'containers', 'envFrom'], [], ''],
    ['/Pod', ['spec', 'volumes'], ['merge', 'retainKeys'], 'name'],
    ['/Pod', ['spec', 'tolerations'], [], ''],
    ['/Pod', ['spec', 'topologySpreadConstraints'], ['merge'], 'topologyKey'],
    ['/Pod', ['metadata', 'finalizers'], ['merge'], ''],
    ['/Pod', ['metadata', 'ownerReferences'], ['merge'], 'uid'],
    ['/Pod', ['status', 'conditions'], ['merge'], 'type'],
    ['/Node', ['spec', 'taints'], [], ''],
    ['/Service', ['spec', 'ports'], ['merge'], 'port'],
    ['apps/Deployment', ['spec', 'strategy'], ['retainKeys'], ''],
    ['apps/Deployment', ['spec', 'template', 'spec', 'initContainers'], ['merge'], 'name'],
    [
      'batch/CronJob',
      ['spec', 'jobTemplate', 'spec', 'template', 'spec', 'containers', 'env'],
      ['merge'],
      'name',
    ],
    ['policy/PodDisruptionBudget', ['spec', 'selector'], ['replace'], ''],
    ['/ConfigMap', ['metadata', 'ownerReferences'], ['merge'], 'uid'],
    ['example.com/Widget', ['metadata', 'finalizers'], ['merge'], ''],
  ])('%s %j', (kind, path, strategies, mergeKey) => {
    expect(lookupPatchMeta(kind, path)).toEqual({ strategies, mergeKey });
  });

  it('knows the built-in kinds; custom resources are not strategic', () => {
    expect(isStrategicMergePatchKind('apps/Deployment')).toBe(true);
    expect(isStrategicMergePatchKind('/Secret')).toBe(true);
    expect(isStrategicMergePatchKind('example.com/Widget')).toBe(false);
  });
});

describe('applying directives', () => {
  const base = pod({
    containers: [
      { name: 'a', image: 'a:1', env: [{ name: 'X', value: '1' }] },
      { name: 'b', image: 'b:1' },
    ],
  });

  it('merges lists by merge key and puts new items first (no $setElementOrder)', () => {
    const out = applyStrategicMergePatch(base, { spec: { containers: [{ name: 'c', image: 'c:1' }] } }, POD);
    expect((out.spec as JsonMap).containers).toEqual([
      { name: 'c', image: 'c:1' },
      { name: 'a', image: 'a:1', env: [{ name: 'X', value: '1' }] },
      { name: 'b', image: 'b:1' },
    ]);
  });

  it('$setElementOrder fixes the order of the merged list', () => {
    const out = applyStrategicMergePatch(
      base,
      {
        spec: {
          '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
          containers: [{ name: 'c', image: 'c:1' }],
        },
      },
      POD,
    );
    expect(((out.spec as JsonMap).containers as JsonMap[]).map((c) => c.name)).toEqual(['a', 'b', 'c']);
  });

  it('$patch: delete removes a list item; $patch: replace replaces the list', () => {
    const del = applyStrategicMergePatch(
      base,
      { spec: { containers: [{ name: 'a', $patch: 'delete' }] } },
      POD,
    );
    expect((del.spec as JsonMap).containers).toEqual([{ name: 'b', image: 'b:1' }]);
    const rep = applyStrategicMergePatch(
      base,
      { spec: { containers: [{ $patch: 'replace' }, { name: 'z', image: 'z' }] } },
      POD,
    );
    expect((rep.spec as JsonMap).containers).toEqual([{ name: 'z', image: 'z' }]);
  });

  it('$patch on an object: replace keeps only the patch, delete empties it', () => {
    const p = pod({ nodeSelector: { a: '1', b: '2' }, containers: [] });
    expect(
      (
        applyStrategicMergePatch(p, { spec: { nodeSelector: { $patch: 'replace', c: '3' } } }, POD)
          .spec as JsonMap
      ).nodeSelector,
    ).toEqual({ c: '3' });
    expect(
      (applyStrategicMergePatch(p, { spec: { nodeSelector: { $patch: 'delete' } } }, POD).spec as JsonMap)
        .nodeSelector,
    ).toEqual({});
  });

  it('null deletes a field; lists without a strategy are replaced whole', () => {
    const p = pod({
      containers: [{ name: 'a', args: ['x', 'y'] }],
      tolerations: [{ key: 't' }],
      hostname: 'h',
    });
    const out = applyStrategicMergePatch(
      p,
      { spec: { hostname: null, tolerations: [{ key: 'u' }], containers: [{ name: 'a', args: ['z'] }] } },
      POD,
    );
    expect(out.spec).toEqual({ containers: [{ name: 'a', args: ['z'] }], tolerations: [{ key: 'u' }] });
  });

  it('scalar merge lists are unions; $deleteFromPrimitiveList removes', () => {
    const p = pod({}, { name: 'p', finalizers: ['a', 'b'] });
    const add = applyStrategicMergePatch(p, { metadata: { finalizers: ['c', 'a'] } }, POD);
    expect((add.metadata as JsonMap).finalizers).toEqual(['c', 'a', 'b']);
    const del = applyStrategicMergePatch(
      p,
      { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } },
      POD,
    );
    expect((del.metadata as JsonMap).finalizers).toEqual(['b']);
  });

  it('$retainKeys clears the keys it does not list (Deployment strategy)', () => {
    const d = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } },
    };
    const out = applyStrategicMergePatch(
      d,
      { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
      'apps/Deployment',
    );
    expect((out.spec as JsonMap).strategy).toEqual({ type: 'Recreate' });
  });

  it('a retainKeys list that misses a patched field is a 400', () => {
    const e = err(() =>
      applyStrategicMergePatch(
        { metadata: {}, spec: { strategy: {} } },
        { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } },
        'apps/Deployment',
      ),
    );
    expect(e.message).toBe('invalid patch format of retainKeys');
    expect(e.toStatus()).toMatchObject({ code: 400, reason: 'BadRequest' });
  });

  it('reports Go errors word for word (500 on the server)', () => {
    expect(
      err(() => applyStrategicMergePatch(base, { spec: { containers: [{ image: 'x' }] } }, POD)).message,
    ).toBe('map: map[image:x] does not contain declared merge key: name');
    const bogus = err(() =>
      applyStrategicMergePatch(base, { spec: { containers: [{ name: 'a', $patch: 'bogus' }] } }, POD),
    );
    expect(bogus.message).toBe('unknown patch type: bogus in map: map[$patch:bogus name:a]');
    expect(bogus.toStatus()).toEqual({
      apiVersion: 'v1',
      kind: 'Status',
      metadata: {},
      status: 'Failure',
      message: 'unknown patch type: bogus in map: map[$patch:bogus name:a]',
      code: 500,
    });
    expect(
      err(() =>
        applyStrategicMergePatch(base, { spec: { containers: [{ name: 'a', $patch: 'merge' }] } }, POD),
      ).message,
    ).toBe('merging lists cannot yet be specified in the patch');
  });

  it('drops directives and nulls inside values added whole', () => {
    const out = applyStrategicMergePatch(
      pod({ containers: [] }),
      {
        metadata: { annotations: { a: null, b: 'x' } },
        spec: { volumes: [{ name: 'v', $patch: 'delete' }] },
      },
      POD,
    );
    expect((out.metadata as JsonMap).annotations).toEqual({ b: 'x' });
    expect((out.spec as JsonMap).volumes).toEqual([]);
  });
});

describe('createTwoWayMergePatch (kubectl edit, label, annotate)', () => {
  const before = pod(
    {
      containers: [
        { name: 'a', image: 'a:1', args: ['x'], ports: [{ containerPort: 80 }, { containerPort: 443 }] },
        { name: 'b', image: 'b:1' },
      ],
      nodeSelector: { disk: 'ssd' },
    },
    { name: 'p', labels: { app: 'web' }, finalizers: ['f1', 'f2'] },
  );

  it('is empty for equal objects', () => {
    expect(isEmptyPatch(createTwoWayMergePatch(before, structuredClone(before), POD))).toBe(true);
  });

  it('builds changes, deletions and order directives', () => {
    const after = structuredClone(before) as JsonMap & { spec: JsonMap; metadata: JsonMap };
    after.metadata.labels = { tier: 'fe' };
    after.metadata.finalizers = ['f2'];
    after.spec.containers = [{ name: 'a', image: 'a:2', args: ['y'], ports: [{ containerPort: 443 }] }];
    delete after.spec.nodeSelector;
    expect(createTwoWayMergePatch(before, after, POD)).toEqual({
      metadata: {
        labels: { app: null, tier: 'fe' },
        '$deleteFromPrimitiveList/finalizers': ['f1'],
        '$setElementOrder/finalizers': ['f2'],
      },
      spec: {
        '$setElementOrder/containers': [{ name: 'a' }],
        containers: [
          {
            name: 'a',
            image: 'a:2',
            args: ['y'],
            '$setElementOrder/ports': [{ containerPort: 443 }],
            ports: [{ containerPort: 80, $patch: 'delete' }],
          },
          { name: 'b', $patch: 'delete' },
        ],
        nodeSelector: null,
      },
    });
  });

  it('applies back to the modified object (round trip)', () => {
    const after = structuredClone(before) as JsonMap & { spec: { containers: JsonMap[] } };
    after.spec.containers.reverse();
    after.spec.containers.push({ name: 'c', image: 'c', env: [{ name: 'E', value: '1' }] });
    (after.spec.containers[0]!.image as string) = 'b:2';
    const patch = createTwoWayMergePatch(before, after, POD);
    expect(applyStrategicMergePatch(before, patch, POD)).toEqual(after);
  });

  it('checks preconditions', () => {
    const after = { ...before, kind: 'Other' };
    const e = err(() => createTwoWayMergePatch(before, after, POD, [(p) => !('kind' in p)]));
    expect(e.message).toBe('precondition failed for: map[kind:Other]');
  });
});

describe('kubectl apply life cycle of a Deployment', () => {
  const LAST = 'kubectl.kubernetes.io/last-applied-configuration';
  const KIND = 'apps/Deployment';
  type Obj = JsonMap & {
    metadata: JsonMap & { annotations?: Record<string, string>; labels?: JsonMap };
    spec: JsonMap;
  };
  const file = (image: string, env: JsonMap[], labels: JsonMap): Obj => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image, env, ports: [{ containerPort: 80 }] }] },
      },
    },
  });
  /** What kubectl apply does with a file, given the live object: compute, send, apply. */
  function apply(live: Obj, f: Obj): [Obj, JsonMap] {
    const modified = structuredClone(f);
    modified.metadata.annotations = { ...(modified.metadata.annotations ?? {}), [LAST]: JSON.stringify(f) };
    const lastApplied = live.metadata.annotations?.[LAST];
    const patch = createThreeWayMergePatch(
      lastApplied ? JSON.parse(lastApplied) : undefined,
      modified,
      live,
      KIND,
    );
    return [applyStrategicMergePatch(live, patch, KIND) as Obj, patch];
  }
  const container = (o: Obj): JsonMap =>
    ((((o.spec.template as JsonMap).spec as JsonMap).containers as JsonMap[])[0] as JsonMap) ?? {};

  it('changes the image, deletes a removed env var, keeps what others set', () => {
    const v1 = file(
      'nginx:1.25',
      [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
      { app: 'web', team: 'x' },
    );
    // Created by a first apply: the live object has the annotation, defaults and a status.
    let live = structuredClone(v1);
    live.metadata.annotations = { [LAST]: JSON.stringify(v1) };
    container(live).imagePullPolicy = 'IfNotPresent';
    live.status = { replicas: 2 };
    // Someone else labels the object.
    live.metadata.labels = { ...live.metadata.labels, 'added-by': 'kubectl-label' };

    // Re-applying the same file: nothing to send (kubectl prints "deployment.apps/web unchanged").
    const [same, noop] = apply(live, v1);
    expect(isEmptyPatch(noop)).toBe(true);
    expect(same).toEqual(live);

    const v2 = file('nginx:1.26', [{ name: 'B', value: '2' }], { app: 'web' });
    const [next, patch] = apply(live, v2);
    live = next;
    expect(patch.spec).toEqual({
      template: {
        spec: {
          '$setElementOrder/containers': [{ name: 'nginx' }],
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.26',
              '$setElementOrder/env': [{ name: 'B' }],
              env: [{ name: 'A', $patch: 'delete' }],
            },
          ],
        },
      },
    });
    expect(container(live)).toEqual({
      name: 'nginx',
      image: 'nginx:1.26',
      env: [{ name: 'B', value: '2' }],
      ports: [{ containerPort: 80 }],
      imagePullPolicy: 'IfNotPresent', // server default: not in any file, never deleted
    });
    // `team` was removed from the file: deleted. `added-by` was never applied: kept.
    expect(live.metadata.labels).toEqual({ app: 'web', 'added-by': 'kubectl-label' });
    expect(live.status).toEqual({ replicas: 2 });
  });

  it('--overwrite=false refuses to clobber a field changed since the last apply', () => {
    const v1 = file('nginx:1.25', [], { app: 'web' });
    const live = structuredClone(v1);
    live.metadata.annotations = { [LAST]: JSON.stringify(v1) };
    container(live).image = 'nginx:hotfix';
    const v2 = file('nginx:1.26', [], { app: 'web' });
    expect(() => createThreeWayMergePatch(v1, v2, live, KIND, false)).toThrow(
      /conflicts with changes made from original to current/,
    );
    expect(() => createThreeWayMergePatch(v1, v2, live, KIND, true)).not.toThrow();
  });
});
