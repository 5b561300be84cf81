/**
 * The workload verbs end to end: kubectl against the API server, the real controllers and
 * scheduler, and a fake kubelet that makes pods Ready 3 s after they are created. Expected texts
 * are real kubectl v1.32 behaviour (kubectl/pkg/cmd/{scale,rollout,set},
 * kubectl/pkg/polymorphichelpers/{rollback,rollout_status,history}.go).
 */
import { describe, expect, it } from 'vitest';
import type { Obj } from '../../engine/controllers/replicaset/workload-helpers';
import { Terminal, type Result } from './harness';

const sh = (t: Terminal, line: string): Promise<Result> => t.kubectl(...line.split(/\s+/).filter(Boolean));

/** Output and exit code as a transcript would show them. */
const text = (r: Result): string => `${r.out}${r.err}[${r.code}]`;

const deployment = (t: Terminal, name = 'web'): Obj =>
  t.c.call<Obj>('GET', `/apis/apps/v1/namespaces/default/deployments/${name}`);

const replicaSets = (t: Terminal): Obj[] =>
  t.c
    .call<{ items: Obj[] }>('GET', '/apis/apps/v1/namespaces/default/replicasets')
    .items.sort(
      (a, b) =>
        Number(a.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0) -
        Number(b.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0),
    );

/** A 3-replica Deployment `web` on nginx:1.24.0, fully rolled out. */
async function webDeployment(
  opts: ConstructorParameters<typeof Terminal>[0] = { readyAfterMs: 3000 },
): Promise<Terminal> {
  const t = new Terminal(opts);
  expect(text(await sh(t, 'create deployment web --image=nginx:1.24.0 --replicas=3'))).toBe(
    'deployment.apps/web created\n[0]',
  );
  expect((await sh(t, 'rollout status deployment/web')).code).toBe(0);
  return t;
}

describe('kubectl scale', () => {
  it('scales through the scale subresource and checks preconditions', async () => {
    const t = await webDeployment();
    expect(text(await sh(t, 'scale deployment/web --replicas=5'))).toBe('deployment.apps/web scaled\n[0]');
    expect(deployment(t).spec.replicas).toBe(5);
    // --current-replicas is a precondition on the live object.
    expect(text(await sh(t, 'scale deployment/web --replicas=2 --current-replicas=3'))).toBe(
      'error: Expected replicas to be 3, was 5\n[1]',
    );
    expect(text(await sh(t, 'scale --current-replicas=5 --replicas=2 deploy web'))).toBe(
      'deployment.apps/web scaled\n[0]',
    );
    t.advance(30_000);
    expect(replicaSets(t).map((r) => r.status.replicas)).toEqual([2]);
    // ReplicaSets scale the same way (and the Deployment controller puts it back).
    const rs = replicaSets(t)[0]!.metadata.name;
    expect(text(await sh(t, `scale rs ${rs} --replicas=4`))).toBe(`replicaset.apps/${rs} scaled\n[0]`);
  });

  it('reports usage errors like kubectl', async () => {
    const t = new Terminal();
    const required = await sh(t, 'scale deployment/web');
    expect(required.code).toBe(1);
    expect(required.err).toMatch(
      /^E0101 \d\d:\d\d:\d\d\.000000 +\d+ run\.go:72\] "command failed" err="required flag\(s\) \\"replicas\\" not set"\n$/,
    );
    expect(text(await sh(t, 'scale deployment/web --replicas=-1'))).toBe(
      'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n[1]',
    );
    expect(text(await sh(t, 'scale --replicas=3'))).toBe(
      'error: You must provide one or more resources by argument or filename.\n' +
        'Example resource specifications include:\n' +
        "   '-f rsrc.yaml'\n" +
        "   '--filename=rsrc.json'\n" +
        "   '<resource> <name>'\n" +
        "   '<resource>'\n[1]",
    );
    expect(text(await sh(t, 'scale deployment/nope --replicas=2'))).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found\n[1]',
    );
  });
});

describe('kubectl rollout status', () => {
  it('prints the waiting messages of a rolling update until it is done', async () => {
    const t = await webDeployment();
    expect(text(await sh(t, 'set image deployment/web nginx=nginx:1.25.3'))).toBe(
      'deployment.apps/web image updated\n[0]',
    );
    const r = await sh(t, 'rollout status deployment/web');
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    // Every watch event prints the current state, so lines repeat, as they do for real.
    const distinct = lines.filter((l, i) => l !== lines[i - 1]);
    expect(distinct).toEqual([
      'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
      'Waiting for deployment "web" rollout to finish: 2 out of 3 new replicas have been updated...',
      'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...',
      'deployment "web" successfully rolled out',
    ]);
    // Once done, it answers at once.
    expect(text(await sh(t, 'rollout status deploy/web'))).toBe(
      'deployment "web" successfully rolled out\n[0]',
    );
  });

  it('reports availability after a scale-up, --watch=false and --timeout', async () => {
    const t = await webDeployment();
    await sh(t, 'scale deployment/web --replicas=6');
    t.advance(1000);
    expect(text(await sh(t, 'rollout status deployment/web --watch=false'))).toBe(
      'Waiting for deployment "web" rollout to finish: 3 of 6 updated replicas are available...\n[0]',
    );
    await sh(t, 'set image deployment/web nginx=nginx:1.25.3');
    const r = await sh(t, 'rollout status deployment/web --timeout=1s');
    expect(r.code).toBe(1);
    expect(r.err).toBe('error: timed out waiting for the condition\n');
    expect(r.out).toMatch(
      /^Waiting for deployment "web" rollout to finish: \d out of 6 new replicas have been updated\.\.\.\n/,
    );
  });

  it('fails when the progress deadline is exceeded', async () => {
    const t = await webDeployment({
      readyAfterMs: 3000,
      canStart: (p) => !JSON.stringify(p.spec).includes('nginx:9.9'),
    });
    await sh(t, 'patch deployment web -p {"spec":{"progressDeadlineSeconds":30}}');
    await sh(t, 'set image deployment/web nginx=nginx:9.9');
    const r = await sh(t, 'rollout status deployment/web');
    expect(r.code).toBe(1);
    expect(r.out.trimEnd().split('\n').at(-1)).toBe(
      'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
    );
    expect(r.err).toBe('error: deployment "web" exceeded its progress deadline\n');
    const progressing = deployment(t).status.conditions.find((c: Obj) => c.type === 'Progressing');
    expect(progressing.reason).toBe('ProgressDeadlineExceeded');
    expect(progressing.message).toBe(
      `ReplicaSet "${replicaSets(t)[1]!.metadata.name}" has timed out progressing.`,
    );
  });

  it('checks --revision and its arguments', async () => {
    const t = await webDeployment();
    expect(text(await sh(t, 'rollout status deployment/web --revision=1'))).toBe(
      'deployment "web" successfully rolled out\n[0]',
    );
    expect(text(await sh(t, 'rollout status deployment/web --revision=2'))).toBe(
      'error: desired revision (2) is different from the running revision (1)\n[1]',
    );
    expect(text(await sh(t, 'rollout status deployment/web --revision=-1'))).toBe(
      'error: revision must be a positive integer: -1\n[1]',
    );
    expect(text(await sh(t, 'rollout status'))).toBe('error: required resource not specified\n[1]');
    expect(text(await sh(t, 'rollout status deployment/nope'))).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found\n[1]',
    );
  });
});

describe('kubectl rollout history and undo', () => {
  it('lists revisions, shows one, and rolls back', async () => {
    const t = await webDeployment();
    await sh(t, 'set image deployment/web nginx=nginx:1.25.3');
    await sh(t, 'rollout status deployment/web');
    // The controller copies the Deployment's change-cause to the current ReplicaSet at once.
    await sh(t, 'annotate deployment/web kubernetes.io/change-cause=upgrade-to-1.25.3');
    expect(text(await sh(t, 'rollout history deployment/web'))).toBe(
      'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         upgrade-to-1.25.3\n\n[0]',
    );
    const [rev1] = replicaSets(t);
    const hash = rev1!.metadata.labels['pod-template-hash'];
    expect(text(await sh(t, 'rollout history deployment/web --revision=1'))).toBe(
      [
        'deployment.apps/web with revision #1',
        'Pod Template:',
        '  Labels:\tapp=web',
        `\tpod-template-hash=${hash}`,
        '  Containers:',
        '   nginx:',
        '    Image:\tnginx:1.24.0',
        '    Port:\t<none>',
        '    Host Port:\t<none>',
        '    Environment:\t<none>',
        '    Mounts:\t<none>',
        '  Volumes:\t<none>',
        '  Node-Selectors:\t<none>',
        '  Tolerations:\t<none>',
        '',
        '[0]',
      ].join('\n'),
    );
    expect(text(await sh(t, 'rollout history deployment/web --revision=7'))).toBe(
      'error: unable to find the specified revision\n[1]',
    );

    expect(text(await sh(t, 'rollout undo deployment/web --to-revision=7'))).toBe(
      'error: unable to find specified revision 7 in history\n[1]',
    );
    expect(text(await sh(t, 'rollout undo deployment/web --to-revision=2'))).toBe(
      'deployment.apps/web skipped rollback (current template already matches revision 2)\n[0]',
    );
    expect(text(await sh(t, 'rollout undo deployment/web'))).toBe('deployment.apps/web rolled back\n[0]');
    expect(deployment(t).spec.template.spec.containers[0].image).toBe('nginx:1.24.0');
    await sh(t, 'rollout status deployment/web');
    // Rolling back re-uses revision 1's ReplicaSet, which becomes revision 3; the change-cause
    // annotation comes back from the ReplicaSet (revision 1 had none).
    expect(text(await sh(t, 'rollout history deployment/web'))).toBe(
      'deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         upgrade-to-1.25.3\n3         <none>\n\n[0]',
    );
    expect(replicaSets(t).map((r) => r.metadata.name)).toEqual([
      replicaSets(t)[0]!.metadata.name,
      rev1!.metadata.name,
    ]);
    expect(text(await sh(t, 'rollout undo deployment/web --to-revision=2'))).toBe(
      'deployment.apps/web rolled back\n[0]',
    );
  });

  it('refuses what kubectl refuses', async () => {
    const t = await webDeployment();
    expect(text(await sh(t, 'rollout undo deployment/web'))).toBe(
      'error: no rollout history found for deployment "web"\n[1]',
    );
    await sh(t, 'set image deployment/web nginx=nginx:1.25.3');
    await sh(t, 'rollout status deployment/web');
    await sh(t, 'rollout pause deployment/web');
    expect(text(await sh(t, 'rollout undo deployment/web'))).toBe(
      "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n[1]",
    );
    expect(text(await sh(t, 'rollout undo'))).toBe('error: required resource not specified\n[1]');
    expect(text(await sh(t, 'rollout history'))).toBe('error: required resource not specified\n[1]');
  });
});

describe('kubectl rollout pause, resume and restart', () => {
  it('patches spec.paused and the restartedAt annotation', async () => {
    const t = await webDeployment();
    expect(text(await sh(t, 'rollout pause deployment/web'))).toBe('deployment.apps/web paused\n[0]');
    expect(deployment(t).spec.paused).toBe(true);
    expect(text(await sh(t, 'rollout pause deployment/web'))).toBe(
      'error: deployments.apps "web" is already paused\n[1]',
    );
    expect(text(await sh(t, 'rollout restart deployment/web'))).toBe(
      'error: deployments.apps "web" can\'t restart paused deployment (run rollout resume first)\n[1]',
    );
    // A paused Deployment takes template changes without rolling them out.
    await sh(t, 'set image deployment/web nginx=nginx:1.25.3');
    t.advance(10_000);
    expect(replicaSets(t)).toHaveLength(1);
    expect(text(await sh(t, 'rollout resume deployment/web'))).toBe('deployment.apps/web resumed\n[0]');
    expect(text(await sh(t, 'rollout resume deployment/web'))).toBe(
      'error: deployments.apps "web" is not paused\n[1]',
    );
    await sh(t, 'rollout status deployment/web');
    expect(replicaSets(t)).toHaveLength(2);

    t.advance(60_000);
    const before = new Date(t.c.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    expect(text(await sh(t, 'rollout restart deployment/web'))).toBe('deployment.apps/web restarted\n[0]');
    expect(deployment(t).spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBe(
      before,
    );
    expect((await sh(t, 'rollout status deployment/web')).code).toBe(0);
    expect(replicaSets(t)).toHaveLength(3);
  });
});

describe('kubectl set', () => {
  it('set image changes the template and rolls out; unchanged images print nothing', async () => {
    const t = await webDeployment();
    expect(text(await sh(t, 'set image deployment/web nginx=nginx:1.24.0'))).toBe('[0]');
    expect(text(await sh(t, 'set image deployment/web nosuch=nginx:1.25.3'))).toBe(
      'error: unable to find container named "nosuch"\n[1]',
    );
    expect(text(await sh(t, 'set image deployment/web *=nginx:1.25.3'))).toBe(
      'deployment.apps/web image updated\n[0]',
    );
    expect(deployment(t).spec.template.spec.containers[0].image).toBe('nginx:1.25.3');
    expect(text(await sh(t, 'set image deployment/web nginx=nginx:1.25.4 -o name'))).toBe(
      'deployment.apps/web\n[0]',
    );
    expect(text(await sh(t, 'set image deployment/web nginx=nginx:1.25.5 --dry-run=client'))).toBe(
      'deployment.apps/web image updated (dry run)\n[0]',
    );
    expect(deployment(t).spec.template.spec.containers[0].image).toBe('nginx:1.25.4');
    // A pair without `=` is a resource argument, so the builder refuses it.
    expect(text(await sh(t, 'set image deployment/web nginx'))).toBe(
      "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'\n[1]",
    );
    expect(text(await sh(t, 'set image deployment/web'))).toBe(
      'error: at least one image update is required\n[1]',
    );
    expect(text(await sh(t, 'set image deployment/nope nginx=x'))).toBe(
      'Error from server (NotFound): deployments.apps "nope" not found\n[1]',
    );
  });

  it('set env adds, lists and removes variables', async () => {
    const t = await webDeployment();
    expect(text(await sh(t, 'set env deployment/web FOO=bar MODE=debug'))).toBe(
      'deployment.apps/web env updated\n[0]',
    );
    expect(text(await sh(t, 'set env deployment/web --list'))).toBe(
      '# Deployment web, container nginx\nFOO=bar\nMODE=debug\n[0]',
    );
    expect(text(await sh(t, 'set env deployment/web FOO-'))).toBe('deployment.apps/web env updated\n[0]');
    expect(deployment(t).spec.template.spec.containers[0].env).toEqual([{ name: 'MODE', value: 'debug' }]);
    expect(text(await sh(t, 'set env deployment/web MODE=debug'))).toBe('[0]');
    await sh(t, 'create configmap app-config --from-literal=LOG_LEVEL=info');
    expect(text(await sh(t, 'set env deployment/web --from=configmap/app-config'))).toBe(
      'deployment.apps/web env updated\n[0]',
    );
    expect(text(await sh(t, 'set env deployment/web --list'))).toBe(
      '# Deployment web, container nginx\nMODE=debug\n# LOG_LEVEL from configmap app-config, key LOG_LEVEL\n[0]',
    );
    expect(text(await sh(t, 'set env deployment/web 1X=2'))).toMatch(
      /^error: "1X" is not a valid key name: /,
    );
  });

  it('set resources sets requests and limits', async () => {
    const t = await webDeployment();
    expect(
      text(await sh(t, 'set resources deployment/web --limits=cpu=200m,memory=512Mi --requests=cpu=100m')),
    ).toBe('deployment.apps/web resource requirements updated\n[0]');
    expect(deployment(t).spec.template.spec.containers[0].resources).toEqual({
      limits: { cpu: '200m', memory: '512Mi' },
      requests: { cpu: '100m' },
    });
    expect(text(await sh(t, 'set resources deployment/web'))).toBe(
      'error: you must specify an update to requests or limits (in the form of --requests/--limits)\n[1]',
    );
    expect(text(await sh(t, 'set resources deployment/web --limits=cpu'))).toBe(
      'error: Invalid argument syntax cpu, expected <resource>=<value>\n[1]',
    );
  });
});

describe('kubectl create job --from and autoscale', () => {
  it('creates a Job from a CronJob template', async () => {
    const t = new Terminal({ readyAfterMs: 1000, exitAfterMs: () => 2000, exitCode: () => 0 });
    const created = await t.kubectl(
      'create',
      'cronjob',
      'hello',
      '--image=busybox:1.36',
      '--schedule=0 3 * * *',
    );
    expect(text(created)).toBe('cronjob.batch/hello created\n[0]');
    expect(text(await sh(t, 'create job manual --from=cronjob/hello'))).toBe('job.batch/manual created\n[0]');
    const job = t.c.call<Obj>('GET', '/apis/batch/v1/namespaces/default/jobs/manual');
    expect(job.metadata.annotations).toEqual({ 'cronjob.kubernetes.io/instantiate': 'manual' });
    expect(job.metadata.ownerReferences).toEqual([
      { apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: expect.any(String), controller: true },
    ]);
    t.advance(10_000);
    expect(t.c.call<Obj>('GET', '/apis/batch/v1/namespaces/default/jobs/manual').status.succeeded).toBe(1);
    // The CronJob controller sees a Job it did not create.
    const events = t.c
      .call<{ items: Obj[] }>('GET', '/api/v1/namespaces/default/events')
      .items.filter((e) => e.involvedObject.kind === 'CronJob')
      .map((e) => `${e.type} ${e.reason} ${e.message}`);
    expect(events).toContain(
      'Warning UnexpectedJob Saw a job that the controller did not create or forgot: manual',
    );
    expect(text(await sh(t, 'create job other --from=cronjob/nope'))).toBe(
      'Error from server (NotFound): cronjobs.batch "nope" not found\n[1]',
    );
  });

  it('autoscale is not simulated', async () => {
    const t = new Terminal();
    const missing = await sh(t, 'autoscale deployment/web');
    expect(missing.err).toMatch(
      /run\.go:72\] "command failed" err="required flag\(s\) \\"max\\" not set"\n$/,
    );
    expect(text(await sh(t, 'autoscale deployment/web --max=3'))).toBe(
      'error: kubectl autoscale is not simulated in Breakfix yet: HorizontalPodAutoscalers arrive with a later lesson; use kubectl scale\n[1]',
    );
  });
});
