import { expect, openApp, shot, test, run } from './fixtures';

test('the workstation comes up offline with every panel', async ({ page }) => {
  await openApp(page);
  for (const id of ['top-bar', 'lesson-panel', 'graph', 'editor', 'terminal', 'time-controls', 'sim-time'])
    await expect(page.getByTestId(id)).toBeVisible();
  const out = await run(page, 'kubectl get nodes');
  expect(out).toContain('kind-control-plane   Ready');
  await page.waitForFunction(() => window.__breakfix!.editor().loaded);
  await shot(page, 'smoke');
});
