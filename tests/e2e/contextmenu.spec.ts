import { expect, graphNodes, openApp, run, shot, test } from './fixtures';

test('delete a pod from the context menu and watch its replacement appear; cordon a node', async ({
  page,
}) => {
  await openApp(page);
  await run(page, 'kubectl create deployment web --image=nginx:1.25.3 --replicas=2');
  const pods = async () =>
    (await graphNodes(page)).filter((n) => n.kind === 'Pod' && n.name.startsWith('web-'));
  await expect.poll(async () => (await pods()).length).toBe(2);
  await page.getByTestId('graph-fit').click();

  const victim = (await pods())[0]!;
  await page.waitForTimeout(300); // let the fade-in and any fit settle before aiming
  await page.mouse.click(victim.page!.x, victim.page!.y, { button: 'right' });
  const menu = page.getByTestId('context-menu');
  await expect(menu).toBeVisible();
  await expect(menu).toContainText(`Pod/${victim.name}`);
  // The engine simulates killing a container: the entry is offered (and enabled).
  await expect(page.getByTestId('menu-killContainer')).toBeEnabled();
  await shot(page, 'contextmenu-pod');
  await page.getByTestId('menu-deletePod').click();
  await expect(page.getByTestId('toasts')).toContainText(`pod "${victim.name}" deleted`);

  // The ReplicaSet replaces it: two live pods again, one of them new.
  await expect
    .poll(async () => {
      const live = (await pods()).filter((p) => p.state !== 'terminating' && p.id !== victim.id);
      return live.length;
    })
    .toBe(2);
  const now = await pods();
  expect(now.some((p) => p.id === victim.id && p.state !== 'terminating')).toBe(false);
  await shot(page, 'contextmenu-replaced');

  // Cordon the node from its lane's menu, then uncordon it.
  const lane = async () => (await graphNodes(page)).find((n) => n.kind === 'Node')!;
  const node = await lane();
  const rightClickLane = async () => {
    const box = (await lane()).box!;
    await page.mouse.click(box.x1 + 12, box.y1 + 8, { button: 'right' });
    await expect(menu).toContainText(`Node/${node.name}`);
  };
  await rightClickLane();
  await page.getByTestId('menu-cordon').click();
  await expect
    .poll(async () => (await graphNodes(page)).find((n) => n.id === node.id)?.status)
    .toBe('Ready,SchedulingDisabled');
  await shot(page, 'contextmenu-cordoned');
  await rightClickLane();
  await page.getByTestId('menu-uncordon').click();
  await expect.poll(async () => (await graphNodes(page)).find((n) => n.id === node.id)?.status).toBe('Ready');
  expect(await run(page, 'kubectl get nodes')).toMatch(/kind-control-plane\s+Ready\s/);
});

test('kill a container and stop a node from the context menu', async ({ page }) => {
  await openApp(page);
  // The engine offers these faults: if a capability goes missing, the test fails (it never skips).
  const caps = await page.evaluate(() => window.__breakfix!.capabilities());
  expect(caps.killContainer).toBe(true);
  expect(caps.stopNode).toBe(true);
  expect(caps.startNode).toBe(true);
  await run(page, 'kubectl create deployment web --image=nginx:1.25.3');
  await page.getByTestId('speed-30').click();
  const pod = async () =>
    (await graphNodes(page)).find((n) => n.kind === 'Pod' && n.name.startsWith('web-'))!;
  await expect.poll(async () => (await pod())?.status).toBe('Running');
  await page.getByTestId('graph-fit').click();
  await page.waitForTimeout(300);
  const p = await pod();
  await page.mouse.click(p.page!.x, p.page!.y, { button: 'right' });
  await page.getByTestId('menu-killContainer').click();
  await expect(page.getByTestId('toasts')).toContainText(`pod/${p.name}: container nginx killed`);
  // The kubelet restarts it: RESTARTS goes to 1, as `kubectl get pods` shows.
  await expect
    .poll(async () =>
      run(page, `kubectl get pod ${p.name} -o jsonpath={.status.containerStatuses[0].restartCount}`),
    )
    .toContain('1');

  const lane = async () => (await graphNodes(page)).find((n) => n.kind === 'Node')!;
  const box = (await lane()).box!;
  await page.mouse.click(box.x1 + 12, box.y1 + 8, { button: 'right' });
  await page.getByTestId('menu-stopNode').click();
  await expect(page.getByTestId('toasts')).toContainText('node/kind-control-plane: kubelet stopped');
  // No heartbeats: the node lifecycle controller marks the node NotReady once its Lease has not
  // moved for the grace period (50 s in v1.32) plus at most one monitor period (5 s). At 30×
  // that is about two seconds of wall time.
  await expect.poll(async () => (await lane()).status, { timeout: 10_000 }).toBe('NotReady');
  expect(await run(page, 'kubectl get nodes')).toMatch(/kind-control-plane\s+NotReady\s/);
  await shot(page, 'contextmenu-node-stopped');
  const box2 = (await lane()).box!;
  await page.mouse.click(box2.x1 + 12, box2.y1 + 8, { button: 'right' });
  await page.getByTestId('menu-startNode').click();
  await expect.poll(async () => (await lane()).status, { timeout: 60_000 }).toBe('Ready');
});
