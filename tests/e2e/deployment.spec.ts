import { expect, graphNodes, openApp, run, setSpeed, shot, test } from './fixtures';

/**
 * `kubectl create deployment` in the terminal: the graph shows the Deployment, its ReplicaSet
 * and three Pods, which turn Running. The parts that need engine components still being built
 * (workload controllers, scheduler, kubelet) are skipped with a reason until they land.
 */
test('create a deployment and watch it in the graph', async ({ page }) => {
  await openApp(page);
  const out = await run(page, 'kubectl create deployment web --image=nginx:1.25.3 --replicas=3');
  expect(out).toContain('deployment.apps/web created');

  await expect
    .poll(async () => (await graphNodes(page)).find((n) => n.kind === 'Deployment')?.name)
    .toBe('web');
  await shot(page, 'deployment-created');

  // The ReplicaSet and its pods come from the deployment and replicaset controllers.
  await setSpeed(page, 30);
  const hasReplicaSet = await page
    .waitForFunction(() => window.__breakfix!.graph().nodes.some((n) => n.kind === 'ReplicaSet'), undefined, {
      timeout: 5_000,
    })
    .then(
      () => true,
      () => false,
    );
  expect(hasReplicaSet, 'the Deployment controller creates a ReplicaSet').toBe(true);

  await expect
    .poll(
      async () =>
        (await graphNodes(page)).filter((n) => n.kind === 'Pod' && n.name.startsWith('web-')).length,
    )
    .toBe(3);
  const nodes = await graphNodes(page);
  const rs = nodes.find((n) => n.kind === 'ReplicaSet')!;
  const dep = nodes.find((n) => n.kind === 'Deployment')!;
  expect(rs.edges.some((e) => e.kind === 'owner' && e.source === dep.id)).toBe(true);
  for (const pod of nodes.filter((n) => n.kind === 'Pod' && n.name.startsWith('web-')))
    expect(pod.edges.some((e) => e.kind === 'owner' && e.source === rs.id)).toBe(true);
  await shot(page, 'deployment-pods');

  // Running needs the scheduler and the kubelet.
  const scheduled = await page
    .waitForFunction(
      () =>
        window
          .__breakfix!.graph()
          .nodes.some(
            (n) => n.kind === 'Pod' && n.name.startsWith('web-') && n.parent !== 'bucket:unscheduled',
          ),
      undefined,
      { timeout: 10_000 },
    )
    .then(
      () => true,
      () => false,
    );
  expect(scheduled, 'the scheduler binds the pods to a node').toBe(true);
  await expect
    .poll(
      async () =>
        (await graphNodes(page))
          .filter((n) => n.kind === 'Pod' && n.name.startsWith('web-'))
          .map((n) => n.status),
      {
        timeout: 60_000,
      },
    )
    .toEqual(['Running', 'Running', 'Running']);
  await shot(page, 'deployment-running');
});
