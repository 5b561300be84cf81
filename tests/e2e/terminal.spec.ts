import type { Page } from '@playwright/test';
import { expect, graphNodes, openApp, run, shot, terminalText, test, typeLine } from './fixtures';

const lastLine = async (page: Page) => (await terminalText(page)).split('\n').pop() ?? '';

test('Tab completes from the live cluster; Ctrl-R searches the history', async ({ page }) => {
  await openApp(page);
  await run(page, 'kubectl create deployment frontend --image=nginx:1.25.3');
  // deploy, deployment, deployments: one Tab inserts what they share.
  await typeLine(page, 'kubectl get depl', { enter: false });
  await page.keyboard.press('Tab');
  await expect.poll(() => lastLine(page)).toBe('$ kubectl get deploy');
  await page.keyboard.type('ments fr');
  await page.keyboard.press('Tab');
  await expect.poll(() => lastLine(page)).toBe('$ kubectl get deployments frontend ');
  await page.keyboard.press('Enter');
  await expect.poll(() => terminalText(page)).toMatch(/frontend\s+\d\/1/);

  // Two Tabs list the candidates, as bash does.
  await typeLine(page, 'kubectl -n kube-system get pods kube-', { enter: false });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect.poll(() => terminalText(page)).toContain('kube-apiserver-kind-control-plane');
  await page.keyboard.press('Control+U');

  await page.keyboard.press('Control+R');
  await page.keyboard.type('create');
  await expect
    .poll(() => lastLine(page))
    .toBe("(reverse-i-search)`create': kubectl create deployment frontend --image=nginx:1.25.3");
  await page.keyboard.press('Escape');
  await expect.poll(() => lastLine(page)).toBe('$ kubectl create deployment frontend --image=nginx:1.25.3');
  await page.keyboard.press('Control+U');
  await shot(page, 'terminal-completion');
});

test('pasting several lines runs them one after the other; Ctrl-C with a selection copies', async ({
  page,
}) => {
  await openApp(page);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate(() => navigator.clipboard.writeText('echo first\nsleep 2\necho second\n'));
  await page.locator('[data-testid="terminal-1"] .xterm-helper-textarea').focus();
  await page.keyboard.press('Control+V');
  await expect.poll(() => page.evaluate(() => window.__breakfix!.terminals()[0]!.completed)).toBe(3);
  const text = await terminalText(page);
  expect(text).toMatch(/\$ echo first\nfirst\n\$ sleep 2\n\$ echo second\nsecond/);

  // Select the word "second" with a double click, copy it with Ctrl-C (no interrupt).
  await page.evaluate(() => navigator.clipboard.writeText(''));
  const row = page
    .locator('[data-testid="terminal-1"] .xterm-rows > div')
    .filter({ hasText: /^second/ })
    .first();
  const box = (await row.boundingBox())!;
  await page.mouse.dblclick(box.x + 10, box.y + box.height / 2);
  await page.keyboard.press('Control+C');
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('second');
  expect(await terminalText(page)).not.toContain('^C');
});

test('reset to another preset', async ({ page }) => {
  await openApp(page);
  await run(page, 'kubectl create deployment web --image=nginx:1.25.3');
  page.on('dialog', (d) => void d.accept());
  await page.getByTestId('preset').selectOption('kind-multinode');
  await page.waitForFunction(() => window.__breakfix!.ready());
  await expect
    .poll(async () => (await graphNodes(page)).filter((n) => n.kind === 'Node').map((n) => n.name))
    .toEqual(['kind-multinode-control-plane', 'kind-multinode-worker', 'kind-multinode-worker2']);
  expect((await graphNodes(page)).some((n) => n.kind === 'Deployment')).toBe(false);
  expect(await run(page, 'kubectl get nodes --no-headers | wc -l')).toContain('3');
  // History survives a reset; the cluster does not.
  expect(await page.evaluate(() => window.__breakfix!.terminals()[0]!.history[0])).toBe(
    'kubectl create deployment web --image=nginx:1.25.3',
  );
  await shot(page, 'reset-multinode');
});
