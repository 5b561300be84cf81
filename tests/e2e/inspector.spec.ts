import { expect, graphNodes, openApp, run, shot, test } from './fixtures';

test('clicking an object opens the inspector: describe, YAML, events', async ({ page }) => {
  await openApp(page);
  await run(page, 'kubectl create deployment web --image=nginx:1.25.3');
  await expect.poll(async () => (await graphNodes(page)).some((n) => n.kind === 'Pod')).toBe(true);
  await page.waitForTimeout(400);
  const pod = (await graphNodes(page)).find((n) => n.kind === 'Pod')!;
  await page.mouse.click(pod.page!.x, pod.page!.y);
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toBeVisible();
  await expect(inspector).toContainText(`Pod/${pod.name}`);
  const body = page.getByTestId('inspector-body');
  // The same text `kubectl describe pod` prints in the terminal.
  await expect(body).toContainText(new RegExp(`Name:\\s+${pod.name}`));
  await shot(page, 'inspector-describe');
  await page.getByTestId('inspector-tab-yaml').click();
  await expect(body).toContainText('kind: Pod');
  await expect(body).toContainText(`name: ${pod.name}`);
  await page.getByTestId('inspector-tab-events').click();
  await expect(body).toContainText(/TYPE\s+REASON|No events/);
  await shot(page, 'inspector-events');
  await page.getByTestId('inspector-close').click();
  await expect(inspector).toBeHidden();
});

test('the layout works at 1280×720 and in the light theme', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  for (const id of ['lesson-panel', 'graph', 'editor', 'terminal', 'time-controls'])
    await expect(page.getByTestId(id)).toBeInViewport();
  await page.getByTestId('lesson-toggle').click();
  await page.getByTestId('theme').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await run(page, 'kubectl get nodes');
  await shot(page, 'layout-1280-light');
});
